import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import { parseCsv } from '../../../shared/core/needIndex/csv.ts';
import type { PracticeRow } from '../../../shared/core/needIndex/practiceRows.ts';
import type { Scenario } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { gpPaymentRows, readGpPayments } from '../../../scripts/exampleData/gpPayments.ts';
import { examplesDir, paymentsFile, practiceFile } from '../../../scripts/exampleData/paths.ts';
import { placePayments, spreadOverSegments } from '../../../scripts/exampleData/primaryCare.ts';
import { readPracticeRows } from '../../../scripts/exampleData/readData.ts';

/* Expected figures come from the two CSV files read here column by column, with the classification written out
 * below as the specification (not imported from the builder), and the published Global Sum prices. */

/** Global Sum per weighted patient: GBP 99.70 in 2022/23, GBP 121.79 in 2025/26 (published; see gpPriceIndex.ts). */
const UPLIFT = 121.79 / 99.7;

const CORE = [
  'Global Sum',
  'MPIG Correction factor',
  'Balance of PMS Expenditure',
  'Premises Payments',
  'Seniority',
  'Doctors Retainer Scheme Payments',
  'Total Locum Allowances',
  'Appraisal - Appraiser Costs in Respect of Locums',
  'Prolonged Study Leave',
  'PCO Admin Other',
  'Information Management and Technology',
];
const OTHER = [
  'Total QOF Payments',
  'Childhood Vaccination and Immunisation Scheme',
  'GP Extended Hours Access',
  'Influenza and Pneumococcal Immunisations',
  'Learning Disabilities',
  'Meningitis',
  'Minor Surgery',
  'Out Of Area in Hours Urgent Care',
  'Pertussis',
  'Rotavirus and Shingles Immunisation',
  'Services for Violent Patients',
  'Medical Assessment Reviews',
  'Weight Management Service',
  'Non DES Item Pneumococcal Vaccine, Childhood Immunisation Main Programme',
  'Local Incentive Schemes',
  'General Practice Transformation',
  'PCN Participation',
  'Other Payments',
];
/** Parts of the practice total that count in neither line: medicines and the one-off winter access fund. */
const EXCLUDED_IN_TOTAL = [
  'Reimbursement of Drugs',
  'Dispensing Fee Payments',
  'Prescribing Fee Payments',
  'winter Access Fund',
];

const payments = parseCsv(readFileSync(paymentsFile, 'utf8'));
const payIndex = new Map(payments.header.map((h, i) => [h, i]));
const payCol = (name: string) => {
  const i = payIndex.get(name);
  if (i === undefined) throw new Error(`the payments file has no column "${name}"`);
  return i;
};
const paymentRow = new Map(payments.rows.map((r) => [r[payCol('Practice Code')]!, r]));
const paid = (code: string, columns: string[]) =>
  columns.reduce((a, c) => a + Number(paymentRow.get(code)![payCol(c)]), 0);

/** The builder's own read of the file (once: it takes a second). */
let builderRead: ReturnType<typeof readGpPayments> | undefined;
const builderPayments = () => {
  builderRead ??= readGpPayments();
  return builderRead;
};

const files = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const scenarios = new Map<string, Scenario>(
  files.map((f) => [f, parseScenario(JSON.parse(readFileSync(path.join(examplesDir, f), 'utf8')))]),
);

/** Sum over practices and segments of person-years x PPPY: the line's base-year baseline, GBP 2025/26. */
function baseline(s: Scenario, lineId: string): number {
  const line = s.serviceLines.find((l) => l.id === lineId);
  expect(line, lineId).toBeDefined();
  return s.population.practices.reduce(
    (a, p) => a + p.personYears.reduce((b, py, k) => b + py * line!.baselinePppy[k]!, 0),
    0,
  );
}

describe('the payments file', () => {
  it('splits every practice total into core, other and excluded payments with nothing left over', () => {
    // The classification is exhaustive: the three lists are exactly the parts of the practice total, row by row.
    const columns = [...CORE, ...OTHER, ...EXCLUDED_IN_TOTAL].map(payCol);
    const total = payCol('Total NHS Payments to General Practice');
    const off = payments.rows.filter(
      (r) => Math.abs(columns.reduce((a, c) => a + Number(r[c]), 0) - Number(r[total])) >= 0.005,
    );
    expect(off.map((r) => r[payCol('Practice Code')])).toEqual([]);
    expect(new Set([...CORE, ...OTHER, ...EXCLUDED_IN_TOTAL]).size).toBe(33);
  });

  it('is read by the builder into the same core and other sums for every practice', () => {
    const read = builderPayments();
    expect(read.size).toBe(payments.rows.length);
    const off = [...read.values()].filter(
      (row) =>
        Math.abs(row.byUse.core_gp - paid(row.code, CORE)) > 1e-6 ||
        Math.abs(row.byUse.other_primary - paid(row.code, OTHER)) > 1e-6,
    );
    expect(off.map((row) => row.code)).toEqual([]);
  });
});

describe.each(files)('%s primary medical care', (file) => {
  const s = scenarios.get(file)!;
  const codes = s.population.practices.map((p) => p.id);

  it('every practice has its own 2022/23 payment row with patients (so no fallback is used)', () => {
    for (const code of codes) {
      expect(paymentRow.has(code), code).toBe(true);
      expect(
        Number(paymentRow.get(code)![payCol('Number of Registered Patients (Last Known Figure)')]),
      ).toBeGreaterThan(0);
    }
    expect(s.notes.join('\n')).toContain(
      `${codes.length} of ${codes.length} practices matched to their own 2022/23 row; 0 without a payment row and 0 with zero registered patients took the fallback`,
    );
  });

  it("core baseline = the practices' core payments x the Global Sum uplift, within a penny", () => {
    const expected = codes.reduce((a, c) => a + paid(c, CORE), 0) * UPLIFT;
    expect(Math.abs(baseline(s, 'core_gp') - expected)).toBeLessThan(0.01);
  });

  it("other primary medical care baseline = the practices' QOF, enhanced and local payments x the uplift, within a penny", () => {
    const expected = codes.reduce((a, c) => a + paid(c, OTHER), 0) * UPLIFT;
    expect(Math.abs(baseline(s, 'other_primary') - expected)).toBeLessThan(0.01);
  });

  it('the engine base year carries the line with the unregistered residents added, nothing else', () => {
    const y0 = calculate(s).years[0]!;
    const core = y0.lines.find((l) => l.line === 'core_gp')!.amount;
    // Base year: no need adjustment (alpha 0), no roll-forward; person-years = registered x (1 + unregistered rate).
    expect(core).toBeCloseTo(baseline(s, 'core_gp') * (1 + s.population.unregisteredRate), 4);
  });

  it("each neighbourhood's base-year core budget = its own practices' core payments x the uplift, within a penny", () => {
    // Practice cost indices keep each practice's history; the base year adds only the unregistered residents.
    const y0 = calculate(s).years[0]!;
    const { lines, neighbourhoods, segments, values } = y0.budget;
    const l = lines.indexOf('core_gp');
    const N = neighbourhoods.length;
    const S = segments.length;
    for (const [n, nb] of neighbourhoods.entries()) {
      let budget = 0;
      for (let k = 0; k < S; k++) budget += values[(l * N + n) * S + k]!;
      const own = s.population.practices.filter((p) => p.neighbourhood === nb).map((p) => p.id);
      const expected =
        own.reduce((a, c) => a + paid(c, CORE), 0) * UPLIFT * (1 + s.population.unregisteredRate);
      expect(Math.abs(budget - expected), nb).toBeLessThan(0.01);
    }
  });

  it('core primary medical care and prescribing are distributed differently across neighbourhoods', () => {
    const y0 = calculate(s).years[0]!;
    const share = (id: string) => {
      const line = y0.lines.find((x) => x.line === id)!.amount;
      const { lines, neighbourhoods, segments, values } = y0.budget;
      const l = lines.indexOf(id);
      return neighbourhoods.map((_, n) => {
        let v = 0;
        for (let k = 0; k < segments.length; k++)
          v += values[(l * neighbourhoods.length + n) * segments.length + k]!;
        return v / line;
      });
    };
    const core = share('core_gp');
    const presc = share('prescribing');
    const largest = Math.max(...core.map((c, n) => Math.abs(c - presc[n]!)));
    expect(largest).toBeGreaterThan(0.005); // at least half a percentage point of the line moves between places
  });

  it('core primary medical care and prescribing now differ in level and across segments', () => {
    const core = s.serviceLines.find((l) => l.id === 'core_gp')!.baselinePppy;
    const presc = s.serviceLines.find((l) => l.id === 'prescribing')!.baselinePppy;
    expect(Math.abs(baseline(s, 'core_gp') / baseline(s, 'prescribing') - 1)).toBeGreaterThan(0.2);
    const ratios = core.map((c, k) => presc[k]! / c);
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeGreaterThan(2);
  });
});

describe('fallback for practices without a usable payment row', () => {
  const practice = (code: string, pmc: number): PracticeRow =>
    ({
      code,
      name: code,
      icbCode: 'X',
      icbName: 'X',
      population: pmc,
      weighted: { 'Primary Medical Care WP': pmc },
      text: {},
    }) as unknown as PracticeRow;
  const row = (code: string, registered: number, core: number, other: number) =>
    [code, { code, registered, byUse: { core_gp: core, other_primary: other, excluded: 0 } }] as const;

  it("imputes the practice's PMC weighted population x the place's payments per weighted person", () => {
    const map = new Map([
      row('A', 1000, 120_000, 30_000),
      row('B', 3000, 280_000, 90_000),
      row('C', 0, 5_000, 1_000),
    ]);
    // Own rows: A and B, 1,000 + 3,000 weighted people, GBP 400,000 core and 120,000 other: 100 and 30 per person.
    const r = placePayments(
      [practice('A', 1000), practice('B', 3000), practice('C', 500), practice('D', 2000)],
      map,
    );
    expect(r.fallbackRate.core_gp).toBeCloseTo(100, 10);
    expect(r.fallbackRate.other_primary).toBeCloseTo(30, 10);
    expect(r.practices.map((p) => [p.code, p.source, p.paid.core_gp, p.paid.other_primary])).toEqual([
      ['A', 'payment_row', 120_000, 30_000],
      ['B', 'payment_row', 280_000, 90_000],
      ['C', 'zero_registered', 50_000, 15_000],
      ['D', 'no_payment_row', 200_000, 60_000],
    ]);
  });

  it('refuses a place none of whose practices has a payment row', () => {
    expect(() => placePayments([practice('D', 2000)], new Map())).toThrow(/nothing to impute from/);
  });

  it('England: 53 practices have no payment row and 38 a row with zero patients', () => {
    // Counted here straight from the two files; the builder must classify the same practices.
    const pt = parseCsv(readFileSync(practiceFile, 'utf8'));
    const codes = pt.rows.map((r) => r[pt.header.indexOf('Practice_Code')]!);
    const noRow = codes.filter((c) => !paymentRow.has(c));
    const zero = codes.filter(
      (c) =>
        paymentRow.has(c) &&
        Number(paymentRow.get(c)![payCol('Number of Registered Patients (Last Known Figure)')]) === 0,
    );
    expect(codes).toHaveLength(6553);
    expect(noRow).toHaveLength(53);
    expect(zero).toHaveLength(38);
    const r = placePayments(readPracticeRows(), builderPayments());
    expect(r.practices.filter((p) => p.source === 'no_payment_row').map((p) => p.code)).toEqual(noRow);
    expect(r.practices.filter((p) => p.source === 'zero_registered').map((p) => p.code)).toEqual(zero);
  });
});

describe('spreadOverSegments', () => {
  it('gives PPPY whose person-years x PPPY reproduce each amount, whatever the practice mixes', () => {
    const practices = [
      { id: 'A', name: 'A', neighbourhood: 'n', personYears: [100, 300, 0] },
      { id: 'B', name: 'B', neighbourhood: 'n', personYears: [50, 50, 400] },
    ];
    const pppy = spreadOverSegments(
      practices,
      new Map([
        ['A', 40_000],
        ['B', 50_000],
      ]),
    );
    // A: 100 per person over 400 people; B: 100 per person over 500: every segment 100.
    expect(pppy).toEqual([100, 100, 100]);
    const uneven = spreadOverSegments(
      practices,
      new Map([
        ['A', 40_000],
        ['B', 100_000],
      ]),
    );
    // Segment 0: (10,000 + 10,000) / 150; segment 1: (30,000 + 10,000) / 350; segment 2: 80,000 / 400.
    expect(uneven[0]).toBeCloseTo(20_000 / 150, 10);
    expect(uneven[1]).toBeCloseTo(40_000 / 350, 10);
    expect(uneven[2]).toBeCloseTo(200, 10);
    const total = practices.reduce(
      (a, p) => a + p.personYears.reduce((b, py, k) => b + py * uneven[k]!, 0),
      0,
    );
    expect(total).toBeCloseTo(140_000, 8);
  });

  it('refuses money for a practice with no person-years', () => {
    const practices = [{ id: 'A', name: 'A', neighbourhood: 'n', personYears: [0, 0] }];
    expect(() => spreadOverSegments(practices, new Map([['A', 1]]))).toThrow(/no person-years/);
  });
});

describe('reading the payments file', () => {
  const header = [
    'Practice Code',
    'Number of Registered Patients (Last Known Figure)',
    ...CORE,
    ...OTHER,
    ...EXCLUDED_IN_TOTAL,
    'Total NHS Payments to General Practice',
    'Covid Immunisation',
    'Covid Support and Expansion',
    'Long Covid',
    'PCN Leadership',
    'PCN Support',
    'PCN Extended Hours Access',
    'PCN Workforce',
    'PCN Investment and impact Fund',
    'PCN Care Home Premium',
    'PCN Enhanced Access',
    'Deductions for Pensions, Levies and Prescription Charge Income',
  ];
  const csvRow = (cells: Record<string, string>) => header.map((h) => cells[h] ?? '0');
  const table = (rows: string[][]) => ({ header, rows, rowLines: rows.map((_, i) => i + 2) });

  it('names the row and column of a total that its parts do not add up to', () => {
    const bad = csvRow({
      'Practice Code': 'A1',
      'Global Sum': '100',
      'Total NHS Payments to General Practice': '101',
    });
    expect(() => gpPaymentRows(table([bad]))).toThrow(ValidationError);
    expect(() => gpPaymentRows(table([bad]))).toThrow(
      /row 1, column "Total NHS Payments to General Practice".*100/,
    );
  });

  it('names a cell that is not a number and a repeated practice code', () => {
    const blank = csvRow({ 'Practice Code': 'A1', 'Premises Payments': '' });
    const twice = csvRow({ 'Practice Code': 'A1' });
    expect(() => gpPaymentRows(table([blank, twice]))).toThrow(
      /row 1, column "Premises Payments": is not a number/,
    );
    expect(() => gpPaymentRows(table([twice, twice]))).toThrow(/row 2, column "Practice Code": repeats A1/);
  });

  it('names a missing column', () => {
    const t = table([]);
    expect(() => gpPaymentRows({ ...t, header: header.filter((h) => h !== 'Premises Payments') })).toThrow(
      /missing column "Premises Payments"/,
    );
  });
});
