// Monte Carlo simulation benchmark (`npx tsx bench/simulate.bench.ts`, or from bench/run.ts): the fast method per
// core against the NumPy twin (bench/simulate_numpy.py) with a check that both draw the same distribution; the
// person-level method at 50,000 people against its former inner loop; 1,000,000 trials on 1 and 2 workers and the
// fixed start-up of a run. Every figure beside its baseline from the same run; a missing baseline is a failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { calculate } from '../shared/core/engine/index.ts';
import { parseScenario } from '../shared/core/scenario/index.ts';
import type { ScenarioInput } from '../shared/core/scenario/index.ts';
import { thresholdRate } from '../shared/core/settlement/index.ts';
import {
  type SimulationModel,
  buildModel,
  parseSimulationOptions,
  runChunk,
} from '../shared/core/simulation/index.ts';
import { buildIcbScaleScenario } from './icbScenario.ts';
import { personLevelBaseline } from './personLevelBaseline.ts';
import { cpuMs, mb } from './timing.ts';

const PYTHON = process.env.PACS_PYTHON ?? 'python3';
const SEED = 20_240;
const NUMPY_HELP =
  'install NumPy (Debian: `sudo apt-get install python3-numpy`) or point PACS_PYTHON at a python3 that has it';

/** The model constants the NumPy implementation needs, as JSON. */
export function modelForNumpy(model: SimulationModel, trials: number): unknown {
  const pool = model.pool;
  if (pool === null) throw new Error('the benchmark scenario must use the pooled fast method');
  const L = model.lines.length;
  const lineWeights: number[] = [];
  for (const s of model.segments) for (let l = 0; l < L; l++) lineWeights.push(s.lineWeights[l]!);
  const spec = model.ctx.riskShare;
  return {
    trials,
    seed: SEED,
    trendChol: Array.from(model.trendChol),
    trendSd: Array.from(model.trendSd),
    tariffSd: model.tariffSd,
    epidemic: model.epidemic !== null,
    lineWeights,
    measureWeights: Array.from(model.measureWeights),
    measureExpected: Array.from(model.measureExpected),
    attainmentSd: model.attainmentSd,
    attainmentCorrelation: model.attainmentCorrelation,
    attachment: Number.isFinite(model.attachment) ? model.attachment : 'Infinity',
    coinsurance: model.coinsurance,
    limit: Number.isFinite(model.limit) ? model.limit : 'Infinity',
    pool: {
      threshold: pool.threshold,
      hitRate: pool.hitRate,
      hitWeights: model.segments.map((s, i) => -s.people * Math.log1p(-pool.pAbove[i]!)),
      people: model.segments.map((s) => s.people),
      allPareto: pool.paretoAbove.every((v) => v === 1),
      invAlpha: Array.from(pool.invAlpha),
      bulkMean: Array.from(pool.bulkMean),
      bulkVar: Array.from(pool.bulkVar),
      meanByLine: Array.from(pool.meanByLine),
      varForm: Array.from(pool.varForm),
      thirdCumulant: pool.thirdCumulant,
      mean0: pool.mean0,
      mid: pool.mid !== null,
    },
    settlement: {
      benchmark: model.ctx.benchmark,
      spec,
      outcomes: model.ctx.outcomes,
      thresholds: {
        gain: thresholdRate(spec.gain.threshold, model.ctx.personYears),
        loss: thresholdRate(spec.loss.threshold, model.ctx.personYears),
      },
    },
  };
}

type Pair = [number, number];
interface NumpyRun {
  trialsPerSecond: number;
  cpuSeconds: number[];
  numpy: string;
  provider: Record<'mean' | 'sd' | 'pLoss' | 'p5', Pair>;
  spend: Record<'mean' | 'sd' | 'pLoss' | 'p5', Pair>;
}

/** Why NumPy cannot run here, or null. */
export function numpyMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found (${r.error.message}): install python3 and NumPy; ${NUMPY_HELP}`;
  if (r.status !== 0) return `${PYTHON} has no NumPy: ${NUMPY_HELP}`;
  return null;
}

function numpyRun(model: SimulationModel, trials: number): NumpyRun {
  const json = JSON.stringify({ ...(modelForNumpy(model, trials) as object), repeats: 1 }).replaceAll(
    '"Infinity"',
    'Infinity',
  );
  const r = spawnSync(PYTHON, [fileURLToPath(new URL('./simulate_numpy.py', import.meta.url))], {
    input: json,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0)
    throw new Error(`simulate_numpy.py failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return JSON.parse(r.stdout) as NumpyRun;
}

/** Mean, sd, P(loss) and 5th percentile with standard errors, as simulate_numpy.py computes them. */
function estimates(v: Float64Array): Record<'mean' | 'sd' | 'pLoss' | 'p5', Pair> {
  const n = v.length;
  let sum = 0;
  let losses = 0;
  for (let i = 0; i < n; i++) {
    sum += v[i]!;
    if (v[i]! < 0) losses++;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (v[i]! - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  const s = Float64Array.from(v).sort();
  const half = Math.sqrt(n * 0.05 * 0.95);
  const lo = Math.max(0, Math.floor(n * 0.05 - half));
  const hi = Math.min(n - 1, Math.ceil(n * 0.05 + half));
  const h = (n - 1) * 0.05;
  const p5 = s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.floor(h) + 1]! - s[Math.floor(h)]!);
  const p = losses / n;
  return {
    mean: [mean, sd / Math.sqrt(n)],
    sd: [sd, Math.sqrt(Math.max(0, m4 / n - (m2 / n) ** 2) / n) / (2 * sd)],
    pLoss: [p, Math.sqrt((p * (1 - p)) / n)],
    p5: [p5, (s[hi]! - s[lo]!) / 2],
  };
}

const z = (a: Pair, b: Pair) => Math.abs(a[0] - b[0]) / Math.sqrt(a[1] ** 2 + b[1] ** 2 || 1);

/** The ICB scenario scaled to about `people` people. */
function scaledTo(input: ScenarioInput, people: number): ScenarioInput {
  const total = input.population.practices.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
  return {
    ...input,
    population: {
      ...input.population,
      practices: input.population.practices.map((p) => ({
        ...p,
        personYears: p.personYears.map((v) => (v * people) / total),
      })),
    },
  };
}

/** One run of `trials` trials on `workers` workers in a fresh Node process: wall seconds, first-progress
 *  seconds, peak RSS. */
function runInChild(
  trials: number,
  workers: number,
): {
  seconds: number;
  firstProgress: number;
  rss: number;
  pacs: string;
  criticalCpu: number;
  cpu: number;
  /** Wall ms from the call: workers ready, last chunk in, summaries in, result assembled (PoolTimings.wallMs). */
  timeline: Record<'ready' | 'chunks' | 'summaries' | 'end', number>;
} {
  const here = (f: string) => new URL(f, import.meta.url).href;
  const code = `
    const { buildIcbScaleScenario } = await import(${JSON.stringify(here('./icbScenario.ts'))});
    const { simulateInWorkers } = await import(${JSON.stringify(here('../functions/simulations/index.ts'))});
    const input = buildIcbScaleScenario();
    const t = performance.now();
    const c = process.cpuUsage();
    let first = 0;
    let critical = 0;
    let timeline = null;
    const r = await simulateInWorkers(input, { trials: ${trials}, seed: ${SEED} }, { workers: ${workers},
      onProgress: () => { if (first === 0) first = performance.now() - t; },
      onTimings: (x) => { critical = x.setupCpuMs + Math.max(...x.chunkCpuMs) + Math.max(...x.summaryCpuMs)
        + x.assembleCpuMs; timeline = x.wallMs; } });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(c);
    const pacs = r.parties.find((p) => p.party === 'pacs');
    console.log(JSON.stringify({ seconds, firstProgress: first / 1000, pLoss: pacs.pLoss.value,
      var95: pacs.var95.value, rss: process.resourceUsage().maxRSS * 1024, criticalCpu: critical / 1000,
      cpu: (used.user + used.system) / 1e6, timeline }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`simulation child failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number> & {
    timeline: Record<'ready' | 'chunks' | 'summaries' | 'end', number>;
  };
  return {
    seconds: j.seconds!,
    firstProgress: j.firstProgress!,
    rss: j.rss!,
    pacs: `P(loss) ${Math.round(j.pLoss! * 10_000) / 10_000}, VaR95 ${Math.round(j.var95!)} GBP`,
    criticalCpu: j.criticalCpu!,
    cpu: j.cpu!,
    timeline: j.timeline,
  };
}

/** Goal 4: 1,000,000 trials on 1 and 2 workers, and the fixed start-up of a run (also runnable alone:
 *  `npx tsx bench/simulate.bench.ts workers`). */
export function benchWorkers(): { figures: Record<string, number | string>; failures: string[] } {
  const failures: string[] = [];
  const figures: Record<string, number | string> = {};
  const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
  // 4. 1,000,000 trials on 1 and 2 workers (fresh processes, interleaved, best of 2), and the fixed start-up.
  // Beside each wall time: the run's critical path in CPU time (this thread's setup and assembly, the slowest
  // worker's chunks and summaries: what the run takes with a free core per thread) and the process's CPU time.
  const one: number[] = [];
  const two: number[] = [];
  const cpuOf: Record<'one' | 'two' | 'fixed', { critical: number; cpu: number }[]> = {
    one: [],
    two: [],
    fixed: [],
  };
  const timelines: Record<'one' | 'two' | 'fixed', ReturnType<typeof runInChild>[]> = {
    one: [],
    two: [],
    fixed: [],
  };
  const keep = (k: 'one' | 'two' | 'fixed', r: ReturnType<typeof runInChild>) => {
    cpuOf[k].push({ critical: r.criticalCpu, cpu: r.cpu });
    timelines[k].push(r);
    return r;
  };
  let last = keep('fixed', runInChild(2, 2));
  const fixed: number[] = [last.seconds];
  for (let rep = 0; rep < 2; rep++) {
    one.push(keep('one', runInChild(1_000_000, 1)).seconds);
    last = keep('two', runInChild(1_000_000, 2));
    two.push(last.seconds);
    fixed.push(keep('fixed', runInChild(2, 2)).seconds);
  }
  const cpuText = (k: 'one' | 'two' | 'fixed') =>
    cpuOf[k].map((c) => `${round(c.critical, 2)} / ${round(c.cpu, 2)}`).join(', ');
  const bestCritical = (k: 'one' | 'two' | 'fixed') => Math.min(...cpuOf[k].map((c) => c.critical));
  const speedup = Math.min(...one) / Math.min(...two);
  figures['1,000,000 trials, 1 worker, wall s (runs)'] =
    `${round(Math.min(...one), 2)} (${one.map((x) => round(x, 2)).join(', ')})`;
  figures['1,000,000 trials, 2 workers, wall s (runs)'] =
    `${round(Math.min(...two), 2)} (${two.map((x) => round(x, 2)).join(', ')})`;
  figures['  critical path / process CPU s, 1 worker (runs)'] = cpuText('one');
  figures['  critical path / process CPU s, 2 workers (runs)'] = cpuText('two');
  // Where a run's wall time goes (its fastest run): start-up (parse, calculate, model, workers) until every worker
  // is ready, the chunks, the summaries, the assembly of the result.
  const phases = (k: 'one' | 'two') => {
    const t = timelines[k].reduce((a, b) => (b.seconds < a.seconds ? b : a)).timeline;
    const s = (ms: number) => round(ms / 1000, 2);
    return `${s(t.ready)} / ${s(t.chunks - t.ready)} / ${s(t.summaries - t.chunks)} / ${s(t.end - t.summaries)}`;
  };
  figures['  start-up / chunks / summaries / assembly wall s, 1 worker (fastest run)'] = phases('one');
  figures['  start-up / chunks / summaries / assembly wall s, 2 workers (fastest run)'] = phases('two');
  figures['speed-up 2 workers / 1 (goal >= 1.8)'] = round(speedup, 2);
  figures['  speed-up in critical-path CPU (a free core per thread)'] = round(
    bestCritical('one') / bestCritical('two'),
    2,
  );
  figures['fixed cost of a run (2 trials: parse, calculate, model, workers, statistics), s (goal < 0.5)'] =
    `${round(Math.min(...fixed), 2)} (${fixed.map((x) => round(x, 2)).join(', ')})`;
  figures['  fixed cost: critical path / process CPU s (runs)'] = cpuText('fixed');
  figures['  providers (2 workers)'] = last.pacs;
  figures['  peak RSS MB, all threads (goal < 500)'] = mb(last.rss);
  if (mb(last.rss) >= 500) failures.push(`a run peaked at ${mb(last.rss)} MB over all threads (goal < 500)`);
  if (speedup < 1.8) failures.push(`2 workers are ${round(speedup, 2)}x one (goal >= 1.8)`);
  if (Math.min(...fixed) >= 0.5) failures.push(`fixed cost ${round(Math.min(...fixed), 2)} s (goal < 0.5)`);
  return { figures, failures };
}

export async function benchSimulate(): Promise<{
  figures: Record<string, number | string>;
  failures: string[];
}> {
  const failures: string[] = [];
  const figures: Record<string, number | string> = {};
  const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
  const input = buildIcbScaleScenario();
  const scenario = parseScenario(input);
  const model = buildModel(scenario, parseSimulationOptions({ seed: SEED }), calculate(scenario));
  figures.scenario = `${scenario.name}: ${Math.round(model.ctx.personYears).toLocaleString('en-GB')} person-years, ${model.segments.length} segments, ${model.lines.length} in-scope lines`;

  // 1. Fast method per core: CPU time of this process and of the Python process, interleaved, best of 3.
  const trials = 200_000;
  runChunk(model, 0, 20_000);
  const missing = numpyMissing();
  let tsRate = 0;
  let out = runChunk(model, 0, 1);
  const tsRates: number[] = [];
  let np: NumpyRun | null = null;
  const npRates: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const ms = cpuMs(() => {
      out = runChunk(model, 0, trials);
    });
    tsRates.push(trials / (ms / 1000));
    if (missing === null) {
      const r = numpyRun(model, trials);
      npRates.push(r.trialsPerSecond);
      if (np === null || r.trialsPerSecond > np.trialsPerSecond) np = r;
    }
  }
  tsRate = Math.max(...tsRates);
  const spread = (xs: number[]) => `${xs.map((x) => `${round(x / 1000)}k`).join(', ')}`;
  figures['TypeScript trials/s per core (CPU time, best of 3; runs)'] =
    `${round(tsRate)} (${spread(tsRates)})`;
  if (np === null) {
    figures['NumPy trials/s per core'] = `NOT RUN: ${missing}`;
    failures.push(`NumPy baseline not run: ${missing}`);
  } else {
    const npRate = Math.max(...npRates);
    figures[`NumPy ${np.numpy} trials/s per core (CPU time, best of 3; runs)`] =
      `${round(npRate)} (${spread(npRates)})`;
    figures['ratio TypeScript / NumPy (goal >= 1.5)'] = round(tsRate / npRate, 2);
    if (tsRate / npRate < 1.5)
      failures.push(`TypeScript is ${round(tsRate / npRate, 2)}x NumPy per core (goal >= 1.5)`);
    // Same distribution: providers' result and spend, every |z| below 4.
    const ts = { provider: estimates(out.provider), spend: estimates(out.spend) };
    const zs: string[] = [];
    for (const party of ['provider', 'spend'] as const)
      for (const k of ['mean', 'sd', 'pLoss', 'p5'] as const) {
        const zz = z(ts[party][k], np[party][k]);
        zs.push(`${party} ${k} ${round(zz, 1)}`);
        if (!(zz < 4)) failures.push(`TypeScript and NumPy disagree on ${party} ${k}: z = ${round(zz, 1)}`);
      }
    figures['providers mean result GBP, TypeScript / NumPy (± se)'] =
      `${round(ts.provider.mean[0])} ± ${round(ts.provider.mean[1])} / ${round(np.provider.mean[0])} ± ${round(np.provider.mean[1])}`;
    figures['same distribution: |z| TypeScript vs NumPy (goal < 4)'] = zs.join(', ');
  }

  // 2. Person-level method at 50,000 people against its former inner loop, same stream, interleaved.
  const small = parseScenario(scaledTo(input, 50_000));
  const person = buildModel(
    small,
    parseSimulationOptions({ seed: SEED, method: 'person' }),
    calculate(small),
  );
  const personTrials = 40;
  runChunk(person, 0, 5);
  personLevelBaseline(person, 0, 5);
  let now = Number.POSITIVE_INFINITY;
  let before = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 5; rep++) {
    now = Math.min(
      now,
      cpuMs(() => runChunk(person, 0, personTrials)),
    );
    before = Math.min(
      before,
      cpuMs(() => personLevelBaseline(person, 0, personTrials)),
    );
  }
  const people = person.segments.reduce((a, s) => a + s.people, 0);
  const perPerson = (ms: number) => round((ms * 1e6) / personTrials / people, 1);
  figures['person-level at 50,000 people, ns per person (whole trial)'] = perPerson(now);
  figures['baseline: the former person-level inner loop, ns per person'] = perPerson(before);
  figures['ratio former / now (goal >= 3)'] = round(before / now, 2);
  if (before / now < 3)
    failures.push(`person-level is ${round(before / now, 2)}x its former loop (goal >= 3)`);

  const workers = benchWorkers();
  Object.assign(figures, workers.figures);
  failures.push(...workers.failures);
  return { figures, failures };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { figures, failures } = process.argv[2] === 'workers' ? benchWorkers() : await benchSimulate();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${v}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
