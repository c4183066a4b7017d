import {
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { formatGbp } from '../../../../../shared/core/base/index.ts';
import { sameJson } from '../../core/draft.ts';
import { draftOverrides } from '../../core/draftOverrides.ts';
import { FORMS, FORM_FACTS, type Form, type ScopeRow, formOverride, scopeRows } from '../../core/forms.ts';
import { refOf } from '../ScenarioBar.tsx';
import { usePane } from '../context.tsx';
import { DataTable, Details, Muted, Section, YearOptions } from '../parts.tsx';
import { useStore } from '../store.ts';
import { useEngine } from '../useEngine.ts';

const useStyles = makeStyles({
  chosen: { backgroundColor: tokens.colorBrandBackground2, color: tokens.colorNeutralForeground1 },
  tableWrap: { overflowX: 'auto', '& table': { tableLayout: 'fixed' }, '& th:first-child': { width: '26%' } },
});

/** Contract form: the choice, and the three forms side by side for the current scenario (what each puts in the
 *  single budget, who carries which risk, and the contract value the engine gives each). */
export function ContractView() {
  const { store } = usePane();
  const s = useStyles();
  const draft = useStore(store, (x) => x.draft);
  const base = useStore(store, (x) => x.base);
  const [year, setYear] = useState(1);
  const ref = base ? refOf(base) : null;
  const dirty = !!draft && (!base || !sameJson(draft, base.scenario));
  // Unsaved changes are priced as what-ifs on the saved version (null: they cannot be, save first).
  const changes = useMemo(
    () => (base && draft && dirty ? draftOverrides(base.scenario, draft) : []),
    [base, draft, dirty],
  );
  const calls = useMemo(
    () =>
      ref && changes
        ? [
            ...FORMS.map((f) => ({
              fn: 'CAPITATION' as const,
              args: [ref, year],
              overrides: [...changes, ...formOverride(f)],
            })),
            { fn: 'SCOPE' as const, args: [ref], ...(changes.length ? { overrides: changes } : {}) },
          ]
        : null,
    [ref, year, changes],
  );
  const { answers, loading } = useEngine(calls);
  if (!draft) return <Muted>Start a scenario in Build, or open one from the Library.</Muted>;

  const chosen = draft.contract.form;
  let scope: ScopeRow[] | null = null;
  let scopeError: string | null = null;
  const scopeAnswer = answers?.[FORMS.length];
  if (scopeAnswer?.ok) scope = scopeRows(scopeAnswer.value);
  else if (scopeAnswer) scopeError = scopeAnswer.message;

  const value = (i: number) => {
    const a = answers?.[i];
    if (!a) return loading ? '…' : '—';
    return a.ok && typeof a.value === 'number' ? formatGbp(a.value) : 'not available';
  };
  const amount = (i: number) => {
    const a = answers?.[i];
    return a?.ok && typeof a.value === 'number' ? a.value : undefined;
  };
  const difference = (i: number) => {
    const mine = amount(i);
    const theirs = amount(FORMS.indexOf(chosen));
    if (mine === undefined || theirs === undefined) return '—';
    if (FORMS[i] === chosen) return '';
    const d = mine - theirs;
    return d === 0 ? 'same' : `${d > 0 ? '+' : ''}${formatGbp(d)}`;
  };
  const primaryCare = (f: Form) => {
    const row = scope?.find((r) => r.category === 'core_primary_medical');
    if (!row) return '—';
    if (f === 'virtual') return row.inScope.virtual ? 'In the shadow budget' : 'Out';
    return row.inScope[f] ? 'In' : 'Out';
  };
  const lines = (f: Form) => (scope ? `${scope.filter((r) => r.inScope[f]).length} of ${scope.length}` : '—');
  const firstError = answers?.find((a): a is { ok: false; message: string } => !a.ok);
  const cell = (f: Form) => (f === chosen ? s.chosen : undefined);

  return (
    <>
      <Section title="Choose the contract form">
        <RadioGroup
          value={chosen}
          aria-label="Contract form"
          onChange={(_, d) =>
            store.edit((x) => ({ ...x, contract: { ...x.contract, form: d.value as Form } }))
          }
        >
          {FORMS.map((f) => (
            <Radio key={f} value={f} label={FORM_FACTS[f].label} />
          ))}
        </RadioGroup>
      </Section>
      <Section title="The three forms side by side">
        <Field label="Contract year" size="small">
          <Select value={String(year)} onChange={(_, d) => setYear(Number(d.value))} size="small">
            <YearOptions count={draft.contract.years} />
          </Select>
        </Field>
        {!base && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              Save the scenario to price it: contract values come from the engine for a saved version.
            </MessageBarBody>
          </MessageBar>
        )}
        {base && dirty && !changes && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              Figures are for {refOf(base)} as saved: some of your changes cannot be sent as what-ifs (a part
              removed, or a top-level text starting with [ or {'{'}). Save a new version to price them.
            </MessageBarBody>
          </MessageBar>
        )}
        {base && dirty && changes && (
          <Muted testId="priced-draft">
            Includes your unsaved changes ({changes.length} field(s)), priced as what-ifs on {refOf(base)}.
          </Muted>
        )}
        {/* Focusable, so a keyboard user can scroll it when a large font makes it wider than the pane. */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1) */}
        <section className={s.tableWrap} aria-label="Contract forms compared" tabIndex={0}>
          <DataTable caption="Contract forms compared">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Measure</span>
                </th>
                {FORMS.map((f) => (
                  <th key={f} scope="col" className={cell(f)}>
                    {FORM_FACTS[f].short}
                    {f === chosen ? ' (chosen)' : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody data-testid="forms-table">
              <tr>
                <th scope="row">In the single budget</th>
                {FORMS.map((f) => (
                  <td key={f} className={cell(f)}>
                    {FORM_FACTS[f].budgetShort}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Primary medical care</th>
                {FORMS.map((f) => (
                  <td key={f} className={cell(f)}>
                    {primaryCare(f)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Service lines in budget</th>
                {FORMS.map((f) => (
                  <td key={f} className={cell(f)}>
                    {lines(f)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Who carries the risk</th>
                {FORMS.map((f) => (
                  <td key={f} className={cell(f)}>
                    {FORM_FACTS[f].riskShort}
                  </td>
                ))}
              </tr>
            </tbody>
          </DataTable>
        </section>
        <DataTable caption={`Contract value of each form, year ${year}`}>
          <thead>
            <tr>
              <th scope="col">Contract value, year {year}</th>
              <th scope="col" className="num">
                GBP
              </th>
              <th scope="col" className="num">
                vs chosen
              </th>
            </tr>
          </thead>
          <tbody data-testid="form-values">
            {FORMS.map((f, i) => (
              <tr key={f}>
                <th scope="row">
                  {FORM_FACTS[f].label}
                  {f === 'virtual' ? ' (shadow budget)' : ''}
                  {f === chosen ? ' (chosen)' : ''}
                </th>
                <td className="num" data-form={f}>
                  {value(i)}
                </td>
                <td className="num">{difference(i)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        {loading && <Spinner size="tiny" label="Asking the engine…" />}
        {firstError && <Muted testId="forms-error">{firstError.message}</Muted>}
        {scopeError && <Muted>{scopeError}</Muted>}
      </Section>
      <Details summary="What each form means">
        {FORMS.map((f) => (
          <div key={f}>
            <h4>{FORM_FACTS[f].label}</h4>
            <p>{FORM_FACTS[f].budget}</p>
            <p>{FORM_FACTS[f].money}</p>
            <p>{FORM_FACTS[f].risk}</p>
          </div>
        ))}
      </Details>
      {scope && (
        <Details summary="Service lines in each form's budget">
          <DataTable caption="Service lines in scope by contract form">
            <thead>
              <tr>
                <th scope="col">Line</th>
                {FORMS.map((f) => (
                  <th key={f} scope="col">
                    {FORM_FACTS[f].short}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {scope.map((r) => (
                <tr key={r.line}>
                  <th scope="row">{r.line}</th>
                  {FORMS.map((f) => (
                    <td key={f}>{r.inScope[f] ? 'in' : 'out'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </DataTable>
        </Details>
      )}
    </>
  );
}
