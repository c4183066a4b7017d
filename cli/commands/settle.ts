import { formatGbp, formatRate } from '../../shared/core/base/index.ts';
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
  ctx.stdout.write(options.json ? toJson(result) : render(result));
  return 0;
}

function render(s: Settlement): string {
  const c = s.corridor;
  const money = (v: number) => formatGbp(v, 2);
  let out = `Settlement of contract year ${s.year} (GBP, to the penny; positive = gain to the party)\n`;
  out += renderTable(
    ['figure', 'amount'],
    [
      ['benchmark (contract value)', money(s.benchmark)],
      ['actual in-scope spend', money(s.spend)],
      ['gross result (benchmark - spend)', money(s.grossResult)],
      ['stop-loss recoveries', money(s.stopLoss.total)],
      ['result rate x (after discount, stop-loss)', formatRate(c.resultRate)],
      [`threshold (${c.thresholdMet ? 'met' : 'not met'})`, formatRate(c.threshold)],
      ['providers before cap', money(c.providerBeforeCap)],
      [`cap ${c.capBinding ? '(binding)' : ''}`.trim(), c.cap === null ? 'none' : money(c.cap)],
      ['providers: corridor share', money(c.providerShare)],
      ['unearned withhold', money(s.withhold?.unearned ?? 0)],
      ['providers: total', money(s.providerShare)],
      ['commissioner: total', money(s.commissionerShare)],
      ['reinvestment pot', money(s.reinvestment)],
    ],
  );
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
  out += `\nMembers\n${renderTable(
    ['provider', 'weight', 'share of result', 'planned payment', 'variable adjustment'],
    s.members.map((m) => [
      m.provider,
      formatRate(m.weight),
      money(m.share),
      money(m.plannedPayment),
      money(m.variableAdjustment),
    ]),
  )}`;
  return out;
}
