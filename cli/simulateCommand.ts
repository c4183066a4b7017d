import { z } from 'zod';
import { ValidationError, closestName } from '../shared/core/base/index.ts';
import { checkYear, parseScenario } from '../shared/core/scenario/index.ts';
import { type SimulationOptions, parseSimulationOptions } from '../shared/core/simulation/index.ts';
import { formatGbp, formatRate } from '../shared/core/base/index.ts';
import type { PartyResult, SimulationResult } from '../shared/core/simulation/index.ts';
import type { Estimate } from '../shared/core/simulation/index.ts';
import { parseArgs } from './args.ts';
import type { CliContext } from './context.ts';
import { readJson } from './files.ts';
import { toJson } from './json.ts';
import { onePositional, optionValue } from './options.ts';
import { simulateInWorkers } from '../functions/simulations/index.ts';

/* `pacs simulate FILE --trials N --seed S [--workers K] [--year Y] [--method fast|person] [--options FILE.json]
 * [--json]`: Monte Carlo risk of the contract year (capitation-method.md B11) on worker threads. --options takes
 * any SimulationOptions (shocks, calibration, attainment, ...); the flags override it. */

export const SIMULATE_USAGE =
  'pacs simulate FILE --trials N --seed S [--workers K] [--year N] [--method fast|person] [--options FILE.json] [--json]';

const FLAGS = new Set(['json']);
const ALLOWED = new Set(['json', 'trials', 'seed', 'workers', 'year', 'method', 'options']);
/** Whether it is a whole number; its range is the options schema's, reported against the flag (below). */
const Whole = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');
const METHODS = ['fast', 'person'];
const Method = z.enum(['fast', 'person'], {
  error: (issue) => {
    const close = closestName(String(issue.input), METHODS);
    return `must be fast or person${close ? `; did you mean \`${close}\`?` : ''}`;
  },
});

/** The options from --options FILE.json with the flags on top, validated together; each problem is named by where
 *  its value came from: the flag the user typed (`--trials`), or the field inside --options. */
function simulationOptions(base: object, flags: Record<string, unknown>): SimulationOptions {
  try {
    return parseSimulationOptions({ ...base, ...flags });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      e.problems.map((p) => {
        const key = p.field.split(/[.[]/)[0]!;
        return { ...p, field: key in flags ? `--${key}` : `--options: ${p.field}` };
      }),
    );
  }
}

export async function simulateCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(argv, FLAGS, ALLOWED);
  const file = onePositional(positional, 'FILE');
  const document = readJson(file, 'FILE');
  const scenario = parseScenario(document);
  const base = options.options === undefined ? {} : readJson(String(options.options), '--options');
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw new ValidationError([
      { field: '--options', message: 'must be a JSON object of simulation options' },
    ]);
  const flags: Record<string, unknown> = {
    trials: optionValue(Whole, options.trials, '--trials'),
    seed: optionValue(Whole, options.seed, '--seed'),
  };
  if (options.workers !== undefined) flags.workers = optionValue(Whole, options.workers, '--workers');
  if (options.year !== undefined) flags.year = optionValue(Whole, options.year, '--year');
  if (options.method !== undefined) flags.method = optionValue(Method, options.method, '--method');
  const simOptions = simulationOptions(base, flags);
  checkYear(scenario, simOptions.year, 'contract', 'year' in flags ? '--year' : '--options: year');

  let lastDraw = 0;
  const progress = ctx.isTTY
    ? (done: number, total: number) => {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        ctx.stderr.write(`\rsimulating: ${Math.floor((100 * done) / total)}% (${done} / ${total} trials)`);
      }
    : undefined;
  const started = Date.now();
  const result = await simulateInWorkers(document, simOptions, progress ? { onProgress: progress } : {});
  if (progress)
    ctx.stderr.write(`\rsimulated ${result.trials} trials in ${(Date.now() - started) / 1000} s\n`);
  ctx.stdout.write(options.json ? toJson(result) : render(result));
  return 0;
}

/** Alias for wiring into cli/main.ts. */
export const runSimulationCommand = simulateCommand;

const money = (v: number) => formatGbp(v);
const withSe = (e: Estimate, f: (v: number) => string) => `${f(e.value)} ±${f(e.se)}`;
const rate = (v: number) => formatRate(v, 2);

function partyRows(p: PartyResult): string[][] {
  const pc = (k: number) => p.percentiles[k]!;
  return [
    ['mean', withSe(p.mean, money)],
    ['sd', withSe(p.sd, money)],
    ['P(loss)', withSe(p.pLoss, rate)],
    ['VaR 95% / 99%', `${money(p.var95.value)} / ${money(p.var99.value)}`],
    ['TVaR 95% / 99%', `${money(p.tvar95.value)} / ${money(p.tvar99.value)}`],
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => [`p${Math.round(pc(k).p * 100)}`, withSe(pc(k), money)]),
  ];
}

function render(r: SimulationResult): string {
  const table = (rows: string[][]) => {
    const w = Math.max(...rows.map((x) => x[0]!.length));
    return rows.map(([a, b]) => `  ${a!.padEnd(w)}  ${b}`).join('\n');
  };
  let out = `Monte Carlo risk of contract year ${r.year}: ${r.trials} trials, seed ${r.seed}, ${r.method} method\n`;
  out += `benchmark ${money(r.benchmark)}, expected spend before shocks ${money(r.expectedSpend)}, ${Math.round(r.personYears)} person-years\n`;
  out += 'Results are GBP for the year, positive = gain to the party; ± is the Monte Carlo standard error.\n';
  for (const p of r.parties)
    out += `\n${p.kind === 'member' ? `member ${p.party} (weight ${rate(p.weight ?? 0)})` : p.party}\n${table(partyRows(p))}\n`;
  const pr = r.probabilities;
  out += `\nProbabilities\n${table([
    ['gain cap binds', withSe(pr.gainCapBinds, rate)],
    ['loss cap binds', withSe(pr.lossCapBinds, rate)],
    ['any stop-loss recovery', withSe(pr.anyStopLoss, rate)],
    ['specific stop-loss', withSe(pr.specificStopLoss, rate)],
    ['aggregate stop-loss', withSe(pr.aggregateStopLoss, rate)],
  ])}\n`;
  out += `\nMeans\n${table([
    ['specific recovery', withSe(r.means.specificRecovery, money)],
    ['aggregate recovery', withSe(r.means.aggregateRecovery, money)],
    ['people above attachment', withSe(r.means.patientsAboveAttachment, (v) => v.toFixed(1))],
    ['withhold earned', withSe(r.means.earnedWithhold, money)],
  ])}\n`;
  return out;
}
