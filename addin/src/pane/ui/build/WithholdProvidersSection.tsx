import { Button, Checkbox, Field, Input, Select } from '@fluentui/react-components';
import type { Draft } from '../../core/draft.ts';
import { usePane } from '../context.tsx';
import { DataTable, Muted, Row, Section } from '../parts.tsx';
import { NumberField } from './fields.tsx';

type Outcomes = NonNullable<Draft['outcomes']>;
type Measure = Outcomes['measures'][number];
type Provider = Draft['providers'][number];

const DEFAULT_OUTCOMES: Outcomes = {
  withholdRate: 0.05,
  measures: [{ id: 'm1', name: 'Emergency admissions per 1,000', weight: 1, expectedAttainment: 1 }],
  rule: { type: 'linear' },
  unearnedTo: 'commissioner',
};

/** Withhold and measures (B8): the share withheld for outcomes, the measures, and how attainment earns it. */
export function WithholdSection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const o = draft.outcomes;
  const setOutcomes = (change: (o: Outcomes) => Outcomes) =>
    store.edit((x) => (x.outcomes ? { ...x, outcomes: change(x.outcomes) } : x));
  const setMeasure = (i: number, change: (m: Measure) => Measure) =>
    setOutcomes((x) => ({ ...x, measures: x.measures.map((m, j) => (j === i ? change(m) : m)) }));
  return (
    <Section title="Withhold and measures">
      <Checkbox
        label="Withhold part of the contract value for outcomes"
        checked={!!o}
        onChange={(_, d) =>
          store.edit((x) => {
            const { outcomes: _drop, ...rest } = x;
            return d.checked ? { ...rest, outcomes: DEFAULT_OUTCOMES } : rest;
          })
        }
      />
      {o && (
        <>
          <Row>
            <NumberField
              label="Withhold"
              unit="%"
              scale={100}
              value={o.withholdRate}
              onChange={(v) => setOutcomes((x) => ({ ...x, withholdRate: v ?? 0 }))}
            />
            <Field label="Attainment rule" size="small">
              <Select
                size="small"
                value={o.rule.type}
                onChange={(_, d) =>
                  setOutcomes((x) => ({
                    ...x,
                    rule:
                      d.value === 'gate'
                        ? { type: 'gate', threshold: 0.8 }
                        : d.value === 'scaled'
                          ? { type: 'scaled', maxRate: 1 }
                          : d.value === 'tiered'
                            ? {
                                type: 'tiered',
                                tiers: [
                                  { minScore: 0.5, earned: 0.5 },
                                  { minScore: 0.9, earned: 1 },
                                ],
                              }
                            : { type: 'linear' },
                  }))
                }
              >
                <option value="linear">Linear (weighted attainment)</option>
                <option value="gate">Gate (all or nothing)</option>
                <option value="scaled">Scaled by score</option>
                <option value="tiered">Tiered</option>
              </Select>
            </Field>
            {o.rule.type === 'gate' && (
              <NumberField
                label="Gate threshold"
                unit="%"
                scale={100}
                value={o.rule.threshold}
                onChange={(v) => setOutcomes((x) => ({ ...x, rule: { type: 'gate', threshold: v ?? 0 } }))}
              />
            )}
          </Row>
          <DataTable caption="Outcome measures">
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Weight</th>
                <th scope="col">Expected attainment %</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {o.measures.map((m, i) => (
                <tr key={m.id}>
                  <td>
                    <Input
                      size="small"
                      aria-label={`Name of measure ${i + 1}`}
                      value={m.name}
                      onChange={(_, d) => setMeasure(i, (x) => ({ ...x, name: d.value }))}
                    />
                  </td>
                  <td>
                    <Input
                      size="small"
                      aria-label={`Weight of ${m.name}`}
                      value={String(m.weight)}
                      onChange={(_, d) => setMeasure(i, (x) => ({ ...x, weight: Number(d.value) }))}
                    />
                  </td>
                  <td>
                    <Input
                      size="small"
                      aria-label={`Expected attainment of ${m.name}, percent`}
                      value={String(Math.round(m.expectedAttainment * 1000) / 10)}
                      onChange={(_, d) =>
                        setMeasure(i, (x) => ({ ...x, expectedAttainment: Number(d.value) / 100 }))
                      }
                    />
                  </td>
                  <td>
                    <Button
                      size="small"
                      aria-label={`Remove ${m.name}`}
                      disabled={o.measures.length === 1}
                      onClick={() =>
                        setOutcomes((x) => ({ ...x, measures: x.measures.filter((_, j) => j !== i) }))
                      }
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Button
            size="small"
            onClick={() =>
              setOutcomes((x) => {
                let n = x.measures.length + 1;
                while (x.measures.some((m) => m.id === `m${n}`)) n++;
                return {
                  ...x,
                  measures: [
                    ...x.measures,
                    { id: `m${n}`, name: `Measure ${n}`, weight: 1, expectedAttainment: 1 },
                  ],
                };
              })
            }
          >
            Add a measure
          </Button>
        </>
      )}
    </Section>
  );
}

const MECHANISMS: { value: Provider['payment']['type']; label: string }[] = [
  { value: 'capitated', label: 'Capitated (its lines’ budget)' },
  { value: 'block_share', label: 'Block share of the budget' },
  { value: 'fixed_variable', label: 'Fixed + variable (activity)' },
];

/** Provider payment (B9): how the PACS pays each member, and how a system gain or loss is divided. */
export function ProvidersSection({ draft }: { draft: Draft }) {
  const { store } = usePane();
  const setProvider = (id: string, change: (p: Provider) => Provider) =>
    store.edit((x) => ({ ...x, providers: x.providers.map((p) => (p.id === id ? change(p) : p)) }));
  return (
    <Section title="Provider payment">
      {draft.providers.map((p) => (
        <fieldset key={p.id} style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend>{p.name}</legend>
          <Row>
            <Field label="Paid by" size="small">
              <Select
                size="small"
                value={p.payment.type}
                onChange={(_, d) =>
                  setProvider(p.id, (x) => ({
                    ...x,
                    payment:
                      d.value === 'block_share'
                        ? { type: 'block_share', share: 0.1 }
                        : d.value === 'fixed_variable'
                          ? {
                              type: 'fixed_variable',
                              variableRate: 0.2,
                              unitPrice: 1000,
                              plannedActivity: 1000,
                            }
                          : { type: 'capitated' },
                  }))
                }
              >
                {MECHANISMS.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </Select>
            </Field>
            {p.payment.type === 'block_share' && (
              <NumberField
                label="Share"
                unit="%"
                scale={100}
                value={p.payment.share}
                onChange={(v) =>
                  setProvider(p.id, (x) => ({ ...x, payment: { type: 'block_share', share: v ?? 0 } }))
                }
              />
            )}
            {p.payment.type === 'fixed_variable' && (
              <>
                <NumberField
                  label="Variable rate"
                  unit="%"
                  scale={100}
                  value={p.payment.variableRate}
                  onChange={(v) =>
                    setProvider(p.id, (x) =>
                      x.payment.type === 'fixed_variable'
                        ? { ...x, payment: { ...x.payment, variableRate: v ?? 0 } }
                        : x,
                    )
                  }
                />
                <NumberField
                  label="Unit price"
                  unit="GBP"
                  value={p.payment.unitPrice}
                  onChange={(v) =>
                    setProvider(p.id, (x) =>
                      x.payment.type === 'fixed_variable'
                        ? { ...x, payment: { ...x.payment, unitPrice: v ?? 0 } }
                        : x,
                    )
                  }
                />
              </>
            )}
          </Row>
        </fieldset>
      ))}
      <Field label="A system gain or loss is divided" size="small">
        <Select
          size="small"
          value={draft.distribution.method}
          disabled={draft.distribution.method === 'custom'}
          onChange={(_, d) =>
            store.edit((x) => ({
              ...x,
              distribution: { method: d.value as 'equal' | 'pro_rata_budget' | 'performance' },
            }))
          }
        >
          <option value="pro_rata_budget">Pro rata to budget</option>
          <option value="equal">Equally</option>
          <option value="performance">By performance</option>
          {draft.distribution.method === 'custom' && (
            <option value="custom">Custom weights (from the file)</option>
          )}
        </Select>
      </Field>
      <Muted>
        Fixed + variable: planned activity is kept from the scenario; the variable rate and price apply to the
        difference.
      </Muted>
    </Section>
  );
}
