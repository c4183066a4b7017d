import { calculate } from '../../shared/core/engine/index.ts';
import type { CalculationResult, YearResult } from '../../shared/core/engine/index.ts';
import { type Scenario, checkYear } from '../../shared/core/scenario/index.ts';
import { formatGbp, formatRate, roundPartsToTotal } from '../../shared/core/base/index.ts';
import { parseArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { toJson } from '../json.ts';
import { YearNumber, loadScenario, onePositional, optionValue } from '../options.ts';
import { renderTable } from '../table.ts';

const FLAGS = new Set(['json', 'forms']);
const ALLOWED = new Set(['json', 'forms', 'year']);

export function calcCommand(argv: string[], ctx: CliContext): number {
  const { positional, options } = parseArgs(argv, FLAGS, ALLOWED);
  const scenario = loadScenario(onePositional(positional, 'FILE'));
  const year = options.year === undefined ? undefined : optionValue(YearNumber, options.year, '--year');
  if (year !== undefined) checkYear(scenario, year, 'base_and_contract', '--year');
  const result = calculate(scenario, { compareForms: Boolean(options.forms) });
  if (options.json) {
    ctx.stdout.write(toJson(year === undefined ? result : { ...result, years: [result.years[year]] }));
    return 0;
  }
  ctx.stdout.write(summary(result));
  if (year !== undefined) ctx.stdout.write(yearDetail(result.years[year]!, scenario));
  if (result.forms) ctx.stdout.write(forms(result));
  return 0;
}

function summary(r: CalculationResult): string {
  const head = `${r.scenario}: ${r.form.replaceAll('_', ' ')} contract, GBP (budgets to £1, per person per year to 1p)\n`;
  const rows = r.years.map((y) => [
    `${y.year} ${y.label}${y.year === 0 ? ' (base)' : ''}`,
    Math.round(y.personYears).toLocaleString('en-GB'),
    formatGbp(y.wholePopulationSpend),
    formatGbp(y.inScopeSpend),
    formatGbp(y.contractValue),
    formatGbp(y.pppy, 2),
    y.withhold ? formatGbp(y.withhold.amount) : '-',
    y.deficit ? formatGbp(y.deficit.requiredSavings) : '-',
  ]);
  return (
    head +
    renderTable(
      [
        'year',
        'person-years',
        'whole-pop spend',
        'in-scope spend',
        r.years[1]?.shadow ? 'shadow budget' : 'contract value',
        'PPPY',
        'withhold',
        'savings needed',
      ],
      rows,
    )
  );
}

/** Parts rounded by largest remainder so each table's rows add up to its total line. */
function partsTable(
  title: string,
  header: string[],
  names: string[],
  amounts: number[],
  extra: (i: number) => string[],
  totalLabel = 'total',
) {
  const rounded = roundPartsToTotal(amounts);
  const total = rounded.reduce((a, v) => a + v, 0);
  const rows = names.map((n, i) => [n, formatGbp(rounded[i]!), ...extra(i)]);
  rows.push([totalLabel, formatGbp(total), ...extra(-1).map(() => '')]);
  return `\n${title}\n${renderTable(header, rows)}`;
}

/** Rows show names as the scenario gives them (ids are for formulas and JSON). */
function yearDetail(y: YearResult, scenario: Scenario): string {
  const names = new Map([
    ...scenario.population.neighbourhoods.map((n) => [n.id, n.name] as const),
    ...scenario.serviceLines.map((l) => [l.id, l.name] as const),
    ...scenario.providers.map((p) => [p.id, p.name] as const),
  ]);
  const name = (id: string) => names.get(id) ?? id;
  let out = partsTable(
    `Year ${y.year} (${y.label}) by neighbourhood`,
    ['neighbourhood', 'in-scope budget', 'person-years', 'PPPY', 'vs need target'],
    y.neighbourhoods.map((n) => name(n.neighbourhood)),
    y.neighbourhoods.map((n) => n.inScopeBudget),
    (i) => {
      const n = y.neighbourhoods[i];
      return n
        ? [
            Math.round(n.personYears).toLocaleString('en-GB'),
            formatGbp(n.pppy, 2),
            formatRate(n.distanceFromTarget),
          ]
        : ['', '', ''];
    },
  );
  out += partsTable(
    'By service line',
    ['line', 'amount', 'in scope'],
    y.lines.map((l) => name(l.line)),
    y.lines.map((l) => l.amount),
    (i) => [i < 0 ? '' : y.lines[i]!.inScope ? 'yes' : 'no'],
    'total, all lines',
  );
  out += partsTable(
    'Provider payments (planned)',
    ['provider', 'planned payment', 'mechanism', 'sub-contract value'],
    y.providers.map((p) => name(p.provider)),
    y.providers.map((p) => p.plannedPayment),
    (i) => (i < 0 ? ['', ''] : [y.providers[i]!.mechanism, formatGbp(y.providers[i]!.subContractValue)]),
  );
  return out;
}

function forms(r: CalculationResult): string {
  const rows = (r.forms ?? []).map((f) => [
    f.form,
    ...(f.unavailable ? r.years.slice(1).map(() => 'n/a') : f.contractValue.map((v) => formatGbp(v))),
    String(f.inScopeLines.length),
  ]);
  const header = ['contract form', ...r.years.slice(1).map((y) => y.label), 'lines in scope'];
  const notes = (r.forms ?? []).filter((f) => f.unavailable).map((f) => `  ${f.form}: ${f.unavailable}\n`);
  return `\nContract forms side by side (contract value, GBP)\n${renderTable(header, rows)}${notes.join('')}`;
}
