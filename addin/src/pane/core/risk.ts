import * as z from 'zod';
import { GBP, PERCENT, type SheetLayout } from './layout.ts';

/* The simulation result as the risk view uses it: the service's SimulationResult, checked on arrival (the status
 * body carries it as `unknown`), and its layout as an Excel table and chart. */

const Estimate = z.object({ value: z.number(), se: z.number() });
const Bin = z.object({ from: z.number(), to: z.number(), count: z.number(), share: z.number() });
const Party = z.object({
  party: z.string(),
  kind: z.enum(['commissioner', 'pacs', 'member']),
  mean: Estimate,
  sd: Estimate,
  percentiles: z.array(z.object({ p: z.number(), value: z.number(), se: z.number() })),
  pLoss: Estimate,
  var95: Estimate,
  tvar95: Estimate,
  histogram: z.array(Bin),
});
export const RiskResult = z.object({
  /** The scenario's name. */
  scenario: z.string(),
  year: z.number(),
  trials: z.number(),
  seed: z.number(),
  benchmark: z.number(),
  parties: z.array(Party).min(1),
  probabilities: z.object({ gainCapBinds: Estimate, lossCapBinds: Estimate, anyStopLoss: Estimate }),
});
export type RiskResult = z.infer<typeof RiskResult>;
export type RiskParty = z.infer<typeof Party>;
export type RiskEstimate = z.infer<typeof Estimate>;

export function partyLabel(p: Pick<RiskParty, 'party' | 'kind'>): string {
  if (p.kind === 'commissioner') return 'Commissioner';
  if (p.kind === 'pacs') return 'PACS providers (together)';
  return `Member ${p.party}`;
}

export function percentile(p: RiskParty, at: number): number | undefined {
  return p.percentiles.find((x) => Math.abs(x.p - at) < 1e-9)?.value;
}

/** A chart-safe name for a party's histogram table (Excel table names: letters, digits, underscores). */
const tableName = (party: string) => `PACS_Histogram_${party.replace(/[^A-Za-z0-9_]/g, '_')}`;

export const FIGURES_TABLE = 'PACS_Risk';

/** The results as Excel tables (key figures with their Monte Carlo standard errors; each party's histogram with
 *  the loss region marked) and a native column chart of the providers' histogram. Values, not formulas: a run is
 *  a record, with its scenario version, trials and seed beside it. */
export function riskSheet(r: RiskResult, ref: string): SheetLayout {
  const figuresAt = 7;
  const figures = {
    name: FIGURES_TABLE,
    address: `A${figuresAt}`,
    header: [
      'party',
      'expected result GBP',
      'MC error GBP',
      'P(loss)',
      'MC error',
      'VaR 95% GBP',
      'MC error GBP',
      'TVaR 95% GBP',
      'MC error GBP',
    ],
    rows: r.parties.map((p) => [
      partyLabel(p),
      p.mean.value,
      p.mean.se,
      p.pLoss.value,
      p.pLoss.se,
      p.var95.value,
      p.var95.se,
      p.tvar95.value,
      p.tvar95.se,
    ]),
    numberFormats: [null, GBP, GBP, PERCENT, PERCENT, GBP, GBP, GBP, GBP],
  };
  let row = figuresAt + r.parties.length + 3;
  const histograms = r.parties.map((p) => {
    const t = {
      name: tableName(p.party),
      address: `A${row}`,
      header: ['from GBP', 'to GBP', `${partyLabel(p)}: share of trials`, 'loss region'],
      rows: p.histogram.map((b) => [
        b.from,
        b.to,
        b.share,
        b.to <= 0 ? 'loss' : b.from < 0 ? 'partly loss' : '',
      ]),
      numberFormats: [GBP, GBP, PERCENT, null],
    };
    row += p.histogram.length + 3;
    return t;
  });
  const pacs = r.parties.find((p) => p.kind === 'pacs') ?? r.parties[0]!;
  return {
    name: 'PACS Risk',
    widths: [190, 120, 100, 80, 80, 110, 100, 110, 100],
    cells: [
      { address: 'A1', value: 'PACS risk of loss (Monte Carlo)', bold: true },
      { address: 'A2', value: 'Scenario (version simulated)' },
      { address: 'B2', value: ref },
      { address: 'C2', value: r.scenario },
      { address: 'A3', value: 'Contract year' },
      { address: 'B3', value: r.year },
      { address: 'A4', value: 'Trials / seed' },
      { address: 'B4', value: r.trials },
      { address: 'C4', value: r.seed },
      { address: 'A5', value: 'P(gain cap binds) / P(loss cap binds)' },
      { address: 'B5', value: r.probabilities.gainCapBinds.value, numberFormat: PERCENT },
      { address: 'C5', value: r.probabilities.lossCapBinds.value, numberFormat: PERCENT },
    ],
    tables: [figures, ...histograms],
    charts: [
      {
        type: 'ColumnClustered',
        table: tableName(pacs.party),
        title: `${partyLabel(pacs)}: distribution of the year's result (GBP)`,
        at: 'K7',
      },
    ],
  };
}
