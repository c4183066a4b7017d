import { FUNCTIONS } from '../../shared/contract/operations/index.ts';
import type { OperationName } from '../../shared/contract/wire/index.ts';

/* The demo workbook as data: input cells, and PACS.* calls whose arguments are references to input cells (or
 * literals). One description gives both the formula text Excel stores and the call whose result is cached, so
 * the two cannot disagree. */

export type Scalar = string | number | boolean | null;

/** A cell reference `Sheet!$B$3` or a rectangle `Sheet!A4:B5`. */
export interface Ref {
  ref: string;
}
export type Arg = Ref | Scalar;

export interface PacsCell {
  sheet: string;
  address: string;
  fn: string;
  args: Arg[];
  /** Money, a rate or a count: the number format of the result. */
  format?: 'gbp' | 'gbp2' | 'rate' | 'count';
  note?: string;
}

export interface InputCell {
  sheet: string;
  address: string;
  value: Scalar;
  format?: PacsCell['format'];
}

export interface Label {
  sheet: string;
  address: string;
  text: string;
  style?: 'title' | 'heading' | 'note';
}

export interface Layout {
  inputs: InputCell[];
  calls: PacsCell[];
  labels: Label[];
  /** Practice rows placed on the Need sheet (header first). */
  practiceRows: Scalar[][];
}

export const SHEETS = [
  'Read me',
  'Inputs',
  'Contract',
  'What-if',
  'Settlement',
  'Need',
  'Scenarios',
] as const;

/** Demo references of the three examples: obviously not real, replaced by the user's own after saving. */
const demoRef = (place: string) => `s_${`demo${place}`.padEnd(20, 'a')}@1`;
export const DEMO_REFS = {
  'fully-integrated-tameside': demoRef('tameside'),
  'partially-integrated-south-somerset': demoRef('somerset'),
  'virtual-east-lindsey': demoRef('lindsey'),
} as const;
export type ExampleName = keyof typeof DEMO_REFS;

const ref = (r: string): Ref => ({ ref: r });
const TAMESIDE = ref('Inputs!$B$4');
const SOMERSET = ref('Inputs!$B$5');
const LINDSEY = ref('Inputs!$B$6');
const YEAR = ref('Inputs!$B$8');

/** The workbook: every PACS function used at least once, on the three examples. `names` are the examples'
 *  scenario names; `spend` the actual in-scope spend SETTLE prices (GBP). */
export function demoLayout(
  names: Record<ExampleName, string>,
  practiceRows: Scalar[][],
  spend: number,
): Layout {
  const inputs: InputCell[] = [];
  const labels: Label[] = [];
  const calls: PacsCell[] = [];
  const input = (sheet: string, address: string, value: Scalar, format?: PacsCell['format']) =>
    inputs.push({ sheet, address, value, ...(format ? { format } : {}) });
  const label = (sheet: string, address: string, text: string, style?: Label['style']) =>
    labels.push({ sheet, address, text, ...(style ? { style } : {}) });
  const call = (
    sheet: string,
    address: string,
    fn: OperationName | string,
    args: Arg[],
    format?: PacsCell['format'],
  ) => calls.push({ sheet, address, fn, args, ...(format ? { format } : {}) });

  // Inputs: everything the formulas read.
  label('Inputs', 'A1', 'Inputs: edit these; every PACS cell that reads them recalculates', 'title');
  label(
    'Inputs',
    'A3',
    'Scenario references (replace with yours: save each example, paste the reference it gets)',
    'heading',
  );
  (Object.keys(DEMO_REFS) as ExampleName[]).forEach((name, i) => {
    label('Inputs', `A${4 + i}`, names[name]);
    input('Inputs', `B${4 + i}`, DEMO_REFS[name]);
    label('Inputs', `C${4 + i}`, `examples/${name}.json`, 'note');
  });
  label('Inputs', 'A8', 'Contract year');
  input('Inputs', 'B8', 1, 'count');
  label('Inputs', 'A9', 'Actual in-scope spend for settlement, GBP (Tameside)');
  input('Inputs', 'B9', spend, 'gbp');
  label('Inputs', 'A11', 'What-if overrides (field path, value)', 'heading');
  input('Inputs', 'A12', 'trajectory.efficiency');
  input('Inputs', 'B12', 0.03, 'rate');
  input('Inputs', 'A13', 'trajectory.costUplift');
  input('Inputs', 'B13', 0.05, 'rate');
  label('Inputs', 'A15', 'ICB for the need index');
  input('Inputs', 'B15', 'QOP');
  label('Inputs', 'A16', 'Group practices by (a column of the practice file)');
  input('Inputs', 'B16', 'LTLA21');
  label('Inputs', 'A18', 'Simulation trials');
  input('Inputs', 'B18', 10_000, 'count');
  label('Inputs', 'A19', 'Simulation seed');
  input('Inputs', 'B19', 1, 'count');

  // Contract: headline figures of the three examples side by side, then Tameside's breakdowns.
  label('Contract', 'A1', 'Contract: capitated budgets of the three examples (GBP)', 'title');
  label('Contract', 'B3', names['fully-integrated-tameside'], 'heading');
  label('Contract', 'C3', names['partially-integrated-south-somerset'], 'heading');
  label('Contract', 'D3', names['virtual-east-lindsey'], 'heading');
  const measures: [string, string, PacsCell['format']][] = [
    ['Contract value', 'contract_value', 'gbp'],
    ['GBP per person per year', 'pppy', 'gbp2'],
    ['Person-years', 'person_years', 'count'],
    ['In-scope spend (do nothing)', 'in_scope_spend', 'gbp'],
    ['Withhold', 'withhold', 'gbp'],
    ['Savings required', 'savings_required', 'gbp'],
  ];
  measures.forEach(([text, measure, format], i) => {
    label('Contract', `A${4 + i}`, text);
    [TAMESIDE, SOMERSET, LINDSEY].forEach((scenario, j) =>
      call('Contract', `${'BCD'[j]}${4 + i}`, 'CAPITATION', [scenario, YEAR, measure], format),
    );
  });
  label('Contract', 'A10', 'GBP per person per year, women aged 85+ in the most deprived quintile');
  [TAMESIDE, SOMERSET, LINDSEY].forEach((scenario, j) =>
    call('Contract', `${'BCD'[j]}10`, 'PPPY', [scenario, YEAR, '85plus_F_q1'], 'gbp2'),
  );
  label('Contract', 'A12', 'Tameside: scope of each contract form', 'heading');
  call('Contract', 'A13', 'SCOPE', [TAMESIDE]);
  label('Contract', 'H12', 'Tameside: budget by service line', 'heading');
  call('Contract', 'H13', 'BUDGET', [TAMESIDE, YEAR, 'line']);
  label('Contract', 'A30', 'Tameside: budget by neighbourhood', 'heading');
  call('Contract', 'A31', 'BUDGET', [TAMESIDE, YEAR, 'neighbourhood']);
  label('Contract', 'H30', 'Tameside: outcomes withhold', 'heading');
  call('Contract', 'H31', 'WITHHOLD', [TAMESIDE, YEAR]);
  label('Contract', 'A40', 'Tameside: provider-to-provider payments', 'heading');
  call('Contract', 'A41', 'PROVIDERPAY', [TAMESIDE, YEAR]);
  label('Contract', 'A48', 'Tameside: every contract year', 'heading');
  call('Contract', 'A49', 'TRAJECTORY', [TAMESIDE]);
  label('Contract', 'A58', 'Tameside: outcome measures', 'heading');
  call('Contract', 'A59', 'MEASURES', [TAMESIDE]);
  label('Contract', 'A66', 'Tameside: how the contract value is derived', 'heading');
  call('Contract', 'A67', 'EXPLAIN', [TAMESIDE, YEAR, 'budget.contractValue']);
  label('Contract', 'A72', 'Engine', 'heading');
  call('Contract', 'A73', 'VERSION', []);

  // What-if: the overrides range, and a one-way sensitivity (Excel's Data Table does two-way grids).
  label('What-if', 'A1', 'What-if: the same scenario with overrides (no version is saved)', 'title');
  label('What-if', 'A3', 'Tameside contract value, saved scenario');
  call('What-if', 'B3', 'CAPITATION', [TAMESIDE, YEAR], 'gbp');
  label('What-if', 'A4', 'With Inputs!A12:B13 applied');
  call('What-if', 'B4', 'CAPITATION', [TAMESIDE, YEAR, null, null, ref('Inputs!$A$12:$B$13')], 'gbp');
  label('What-if', 'A5', 'GBP per person per year with the overrides');
  call('What-if', 'B5', 'PPPY', [TAMESIDE, YEAR, null, ref('Inputs!$A$12:$B$13')], 'gbp2');
  label(
    'What-if',
    'A7',
    'Sensitivity to the efficiency requirement (field path, value, contract value)',
    'heading',
  );
  for (let i = 0; i < 10; i++) {
    const row = 8 + i;
    input('What-if', `A${row}`, 'trajectory.efficiency');
    input('What-if', `B${row}`, i * 0.005, 'rate');
    call('What-if', `C${row}`, 'CAPITATION', [TAMESIDE, YEAR, null, null, ref(`A${row}:B${row}`)], 'gbp');
  }

  // Settlement and risk.
  label('Settlement', 'A1', 'Settlement and risk: Tameside', 'title');
  label('Settlement', 'A3', 'Year-end settlement at the actual spend in Inputs!B9 (GBP)', 'heading');
  call('Settlement', 'A4', 'SETTLE', [TAMESIDE, YEAR, ref('Inputs!$B$9')]);
  label(
    'Settlement',
    'D3',
    'Monte Carlo risk of the year (GBP, positive = gain); streams progress while it runs',
    'heading',
  );
  call('Settlement', 'D4', 'SIMULATE', [TAMESIDE, YEAR, ref('Inputs!$B$18'), ref('Inputs!$B$19')]);

  // Need: the published data and the same practices from rows in this workbook.
  label(
    'Need',
    'A1',
    "Need: NHS England's practice weighted populations 2024/25 (Open Government Licence v3.0)",
    'title',
  );
  label('Need', 'A3', 'From the published data the service ships', 'heading');
  call('Need', 'A4', 'NEEDINDEX', [ref('Inputs!$B$15'), ref('Inputs!$B$16')]);
  label(
    'Need',
    'A20',
    'From the practice rows on this sheet (column K onwards): the same places, the same index',
    'heading',
  );
  const last = 1 + practiceRows.length;
  call('Need', 'A21', 'NEEDINDEX', [ref('Inputs!$B$15'), ref('Inputs!$B$16'), null, ref(`K2:P${last}`)]);
  label('Need', 'K1', 'Practice rows (header, then one row per practice)', 'heading');

  // Scenarios: handles with provenance, and the organisation's list.
  label(
    'Scenarios',
    'A1',
    'Scenarios: handles (pin a version for reproducible numbers) and your saved list',
    'title',
  );
  (Object.keys(DEMO_REFS) as ExampleName[]).forEach((_, i) =>
    call('Scenarios', `A${3 + i}`, 'SCENARIO', [ref(`Inputs!$B$${4 + i}`)]),
  );
  label('Scenarios', 'A8', 'Your organisation', 'heading');
  call('Scenarios', 'A9', 'SCENARIOS', []);

  // Read me: what each function does, from the catalogue itself.
  label('Read me', 'A1', 'PACS Capitation: demonstration workbook', 'title');
  const intro = [
    'This workbook uses every PACS.* function of the PACS Capitation Excel add-in on three example scenarios built from NHS data.',
    'It opens readable without the add-in: every cell holds the value it had when the workbook was generated (npm run demo).',
    'To recalculate: load the add-in, sign in from the PACS pane, save each examples/*.json to your organisation (pane, or POST /v1/scenarios),',
    'and paste the references you get (s_...@1) into Inputs!B4:B6. Cells then ask the PACS service, in batches; Refresh in the pane asks again.',
    'Errors say what to do: #VALUE! names the argument at fault, #N/A says what is missing (a sign-in, a scenario, the service).',
    'PACS-demo-values.xlsx is the same workbook with values only, for colleagues without the add-in.',
    "Contains public sector information licensed under the Open Government Licence v3.0 (NHS England's GP practice weighted populations 2024/25).",
  ];
  intro.forEach((t, i) => label('Read me', `A${3 + i}`, t, 'note'));
  label('Read me', 'A11', 'Function', 'heading');
  label('Read me', 'B11', 'What it returns', 'heading');
  label('Read me', 'C11', 'Arguments (optional in [brackets])', 'heading');
  label('Read me', 'D11', 'Used on', 'heading');
  FUNCTIONS.forEach((f, i) => {
    label('Read me', `A${12 + i}`, `PACS.${f.id}`);
    label('Read me', `B${12 + i}`, `${f.description} Returns ${f.result.shape}.`);
    label('Read me', `C${12 + i}`, f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', '));
    const used = [...new Set(calls.filter((c) => c.fn === f.id).map((c) => `${c.sheet}!${c.address}`))];
    label('Read me', `D${12 + i}`, used.join(', '));
  });
  return { inputs, calls, labels, practiceRows };
}

/** The formula text of a call as Excel shows it (PACS.X) or stores it (_xldudf_PACS_X). */
export function formulaOf(c: PacsCell, stored: boolean, namespace = 'PACS'): string {
  const name = stored ? `_xldudf_${namespace}_${c.fn.replace(/\./g, '_')}` : `${namespace}.${c.fn}`;
  const args = [...c.args];
  while (args.length > 0 && args.at(-1) === null) args.pop();
  const text = args.map((a) => {
    if (a === null) return '';
    if (typeof a === 'object') return quoteSheet(a.ref);
    if (typeof a === 'string') return `"${a.replace(/"/g, '""')}"`;
    if (typeof a === 'boolean') return a ? 'TRUE' : 'FALSE';
    return String(a);
  });
  return `${name}(${text.join(',')})`;
}

/** 'What-if'!A1: sheet names with spaces or punctuation are quoted. */
function quoteSheet(ref: string): string {
  const [sheet, cell] = ref.includes('!') ? ref.split('!') : [undefined, ref];
  if (!sheet) return cell!;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? `${sheet}!${cell}` : `'${sheet}'!${cell}`;
}
