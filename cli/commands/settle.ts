import {
  formatGbp,
  formatRate,
  roundHalfAway,
  roundPartsTo,
  roundPartsToTotal,
} from '../../shared/core/base/index.ts';
import { Actual } from '../../shared/core/settlement/index.ts';
import { prepareSettlement, settleWith } from '../../shared/core/settlement/index.ts';
import type { Settlement } from '../../shared/core/settlement/index.ts';
import { checkYear, parseWith } from '../../shared/core/scenario/index.ts';
import { parseArgs } from '../args.ts';
import { type CliContext, UsageError } from '../context.ts';
import { readJson } from '../files.ts';
import { toJson } from '../json.ts';
import { YearNumber, Money, loadScenario, onePositional, optionValue } from '../options.ts';
import { renderTable } from '../table.ts';
import { calculate } from '../../shared/core/engine/index.ts';

const FLAGS = new Set(['json']);
const ALLOWED = new Set(['json', 'year', 'actual', 'actuals']);

export function settleCommand(argv: string[], ctx: CliContext): number {
  const { positional, options } = parseArgs(argv, FLAGS, ALLOWED);
  const scenario = loadScenario(onePositional(positional, 'FILE'));
  const year = optionValue(YearNumber, options.year, '--year');
  checkYear(scenario, year, 'contract', '--year');
  if ((options.actual === undefined) === (options.actuals === undefined))
    throw new UsageError('--actual', 'give exactly one of --actual GBP or --actuals FILE.json');
  const actual =
    options.actual !== undefined
      ? parseWith(Actual, { spend: optionValue(Money, options.actual, '--actual') })
      : parseWith(Actual, readJson(String(options.actuals), '--actuals'), '--actuals');
  const result = settleWith(prepareSettlement(scenario, year, calculate(scenario)), actual);
  ctx.stdout.write(options.json ? toJson(result) : renderSettlement(result));
  return 0;
}

/** The settlement as tables, GBP to the penny. Money rule (README): displayed parts add up to displayed totals, so
 *  parts are rounded by largest remainder to their whole as displayed: the parties' results to the gross result,
 *  the providers' corridor share and unearned withhold to the providers' total, the members' shares to it too. */
export function renderSettlement(s: Settlement): string {
  const c = s.corridor;
  const money = (v: number) => formatGbp(v, 2);
  const w = s.withhold;
  const gross = roundHalfAway(s.grossResult, 2);
  const [providers, commissioner, reinvestment] = roundPartsTo(
    [s.providerShare, s.commissionerShare, s.reinvestment],
    gross,
    2,
  ) as [number, number, number];
  // Unearned withhold is money the providers were paid less: a loss to them, so negative under "gain".
  const [corridorShare, unearnedLoss] = roundPartsTo(
    [c.providerShare, -(w?.unearned ?? 0)],
    providers,
    2,
  ) as [number, number];

  let out = `Settlement of contract year ${s.year} (GBP, to the penny)\n`;
  out += renderTable(
    ['figure', 'amount'],
    [
      ['benchmark (contract value)', money(s.benchmark)],
      ['actual in-scope spend', money(s.spend)],
      ['gross result (benchmark - spend; positive = saving)', money(gross)],
      ['stop-loss recoveries', money(s.stopLoss.total)],
      ['result rate x (after discount, stop-loss)', formatRate(c.resultRate)],
      [`threshold (${c.thresholdMet ? 'met' : 'not met'})`, formatRate(c.threshold)],
      ['providers before cap', money(c.providerBeforeCap)],
      [`cap ${c.capBinding ? '(binding)' : ''}`.trim(), c.cap === null ? 'none' : money(c.cap)],
      ...(w
        ? [
            ['withheld for outcomes', money(w.withheld)],
            [`earned back (outcome score ${formatRate(w.score, 1)})`, money(w.earned)],
          ]
        : []),
    ],
  );
  out += `\nResult by party (GBP; positive = gain to the party, negative = loss)\n${renderTable(
    ['party', 'amount'],
    [
      ['providers: corridor share', money(corridorShare)],
      ['providers: unearned withhold (withheld, not earned back)', money(unearnedLoss)],
      ['providers: total', money(providers)],
      [
        `commissioner: total${w?.unearnedTo === 'commissioner' ? ' (keeps unearned withhold)' : ''}`,
        money(commissioner),
      ],
      ['reinvestment pot', money(reinvestment)],
      ['total (= gross result)', money(gross)],
    ],
  )}`;
  if (c.bands.length)
    out += `\nCorridor bands (on |x|)\n${renderTable(
      ['band', 'provider rate', 'result in band', 'providers'],
      c.bands.map((b) => [
        `${formatRate(b.from)} - ${b.to === null ? 'and above' : formatRate(b.to)}`,
        formatRate(b.providerRate, 0),
        money(b.resultInBand),
        money(b.providerAmount),
      ]),
    )}`;
  const shares = roundPartsTo(
    s.members.map((m) => m.share),
    providers,
    2,
  );
  const weights = roundPartsTo(
    s.members.map((m) => m.weight * 100),
    100,
    2,
  );
  const planned = roundPartsToTotal(
    s.members.map((m) => m.plannedPayment),
    2,
  );
  out += `\nMembers (their shares of the providers' total)\n${renderTable(
    ['provider', 'weight', 'share of result', 'planned payment', 'variable adjustment'],
    [
      ...s.members.map((m, k) => [
        m.provider,
        `${weights[k]!.toFixed(2)}%`,
        money(shares[k]!),
        money(planned[k]!),
        money(m.variableAdjustment),
      ]),
      ['all members', '100.00%', money(providers), money(planned.reduce((a, v) => a + v, 0)), ''],
    ],
  )}`;
  return out;
}
