// What the pane writes into the workbook, checked without Excel: the formulas, their references, and that no
// block runs into another's spill.
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../../addin/src/pane/core/a1.ts';
import {
  SETTLEMENT_VARIANCES,
  budgetSheet,
  settlementSheet,
  trajectorySheet,
} from '../../../addin/src/pane/core/layout.ts';
import { type RiskResult, riskSheet } from '../../../addin/src/pane/core/risk.ts';
import { operationContext, runBatch } from '../../../shared/contract/operations/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

const REF = 's_abcdefghijklmnopqrst@3';
const byAddress = (cells: { address: string; formula?: string; value?: unknown }[]) =>
  Object.fromEntries(cells.map((c) => [c.address, c.formula ?? c.value]));

describe('layouts with PACS formulas', () => {
  it('budget: every formula reads the scenario cell and the year cell', () => {
    const cells = byAddress(budgetSheet('PACS', REF, 2).cells);
    expect(cells.B2).toBe(REF);
    expect(cells.B3).toBe(2);
    expect(cells.B4).toBe('=PACS.CAPITATION($B$2,$B$3)');
    expect(cells.A8).toBe('=PACS.BUDGET($B$2,$B$3,"line")');
    expect(cells.E8).toBe('=PACS.BUDGET($B$2,$B$3,"provider")');
  });

  it('uses the namespace it is given (the development add-in is PACSDEV)', () => {
    expect(byAddress(trajectorySheet('PACSDEV', REF).cells).A5).toBe('=PACSDEV.TRAJECTORY($B$2)');
  });

  it('settlement: the variance block picks the figures by the labels PACS.SETTLE answers with, beside its spill', async () => {
    const sheet = settlementSheet('PACS', REF, 1);
    const cells = byAddress(sheet.cells);
    expect(cells.A7).toBe('=PACS.SETTLE($B$2,$B$3,$B$5)');
    // The labels the formulas look up are the operation's own.
    const scenario = parseScenario(tinyScenario());
    const { results } = await runBatch(
      { ops: [{ id: '1', fn: 'SETTLE', args: [REF, 1, 4_000_000] }] },
      async () => operationContext(scenario),
      (e) => ({ code: 'x', message: String(e), retryable: false }),
    );
    const r = results[0]!;
    if (!r.ok || !Array.isArray(r.value)) throw new Error('SETTLE failed');
    const labels = r.value.map((row) => row[0]);
    const looked = sheet.cells.flatMap((c) =>
      [...(c.formula ?? '').matchAll(/MATCH\("([^"]+)"/g)].map((m) => m[1]),
    );
    expect(looked.length).toBe(SETTLEMENT_VARIANCES.length * 2);
    for (const l of new Set(looked)) expect(labels).toContain(l);
    // The spill (2 columns from A7, one row per label) stays clear of every written cell.
    const spillEnd = 7 + labels.length - 1;
    for (const c of sheet.cells) {
      const { row, col } = parseCell(c.address);
      if (c.address === 'A7') continue;
      expect(col > 1 || row + 1 < 7 || row + 1 > spillEnd, c.address).toBe(true);
    }
  });
});

describe('risk results as tables and a chart', () => {
  const party = (
    name: string,
    kind: 'commissioner' | 'pacs' | 'member',
    bins: [number, number, number][],
  ) => ({
    party: name,
    kind,
    mean: { value: 1, se: 0.1 },
    sd: { value: 1, se: 0.1 },
    percentiles: [],
    pLoss: { value: 0.3, se: 0.01 },
    var95: { value: 5, se: 1 },
    tvar95: { value: 6, se: 1 },
    histogram: bins.map(([from, to, share]) => ({ from, to, count: share * 100, share })),
  });
  const r: RiskResult = {
    scenario: 'Tiny',
    year: 1,
    trials: 100,
    seed: 1,
    benchmark: 1000,
    parties: [
      party('commissioner', 'commissioner', [
        [-10, 0, 0.5],
        [0, 10, 0.5],
      ]),
      party('pacs', 'pacs', [
        [-20, -5, 0.2],
        [-5, 5, 0.5],
        [5, 20, 0.3],
      ]),
    ],
    probabilities: {
      gainCapBinds: { value: 0, se: 0 },
      lossCapBinds: { value: 0, se: 0 },
      anyStopLoss: { value: 0, se: 0 },
    },
  };

  it('lays out the key figures, each histogram with its loss region, and a chart of the providers', () => {
    const s = riskSheet(r, REF);
    expect(s.tables!.map((t) => [t.name, t.address, t.rows.length])).toEqual([
      ['PACS_Risk', 'A7', 2],
      ['PACS_Histogram_commissioner', 'A12', 2],
      ['PACS_Histogram_pacs', 'A17', 3],
    ]);
    expect(s.tables![2]!.rows.map((row) => row[3])).toEqual(['loss', 'partly loss', '']);
    expect(s.charts).toEqual([
      expect.objectContaining({ type: 'ColumnClustered', table: 'PACS_Histogram_pacs', at: 'K7' }),
    ]);
    expect(byAddress(s.cells).B2).toBe(REF);
  });
});
