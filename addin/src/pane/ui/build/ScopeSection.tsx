import { Select } from '@fluentui/react-components';
import type { Draft } from '../../core/draft.ts';
import { usePane } from '../context.tsx';
import { DataTable, Muted, Section } from '../parts.tsx';

type Line = Draft['serviceLines'][number];
type CarveOutKind = NonNullable<Line['carveOut']>['kind'];

const CARVE_OUTS: { value: CarveOutKind | ''; label: string }[] = [
  { value: '', label: 'No carve-out' },
  { value: 'high_cost_low_frequency', label: 'High cost, low frequency' },
  { value: 'personal_health_budget', label: 'Personal health budgets' },
  { value: 'out_of_area', label: 'Out of area' },
  { value: 'other', label: 'Other' },
];

/** Service scope and carve-outs: each line's scope decision (the contract form's default, or always in / out)
 *  and whether it is carved out and paid outside the budget (B5, B6). */
export function ScopeSection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const setLine = (id: string, change: (l: Line) => Line) =>
    store.edit((d) => ({ ...d, serviceLines: d.serviceLines.map((l) => (l.id === id ? change(l) : l)) }));
  return (
    <Section title="Service scope and carve-outs">
      <Muted>
        "Form's default" follows the contract form (partially integrated leaves primary medical care out).
        Carved-out lines are paid outside the budget.
      </Muted>
      <DataTable caption="Service lines: scope and carve-outs">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Scope</th>
            <th scope="col">Carve-out</th>
          </tr>
        </thead>
        <tbody>
          {draft.serviceLines.map((l) => (
            <tr key={l.id}>
              <th scope="row">{l.name}</th>
              <td>
                <Select
                  size="small"
                  aria-label={`Scope of ${l.name}`}
                  value={l.inScope === undefined ? 'default' : l.inScope ? 'in' : 'out'}
                  onChange={(_, d) =>
                    setLine(l.id, (x) => {
                      const { inScope: _drop, ...rest } = x;
                      return d.value === 'default' ? rest : { ...rest, inScope: d.value === 'in' };
                    })
                  }
                >
                  <option value="default">Form's default</option>
                  <option value="in">Always in</option>
                  <option value="out">Always out</option>
                </Select>
              </td>
              <td>
                <Select
                  size="small"
                  aria-label={`Carve-out of ${l.name}`}
                  value={l.carveOut?.kind ?? ''}
                  onChange={(_, d) =>
                    setLine(l.id, (x) => {
                      const { carveOut: _drop, ...rest } = x;
                      return d.value === ''
                        ? rest
                        : { ...rest, carveOut: { ...x.carveOut, kind: d.value as CarveOutKind } };
                    })
                  }
                >
                  {CARVE_OUTS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </Select>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Section>
  );
}
