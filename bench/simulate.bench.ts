// Monte Carlo simulation benchmark (`npx tsx bench/simulate.bench.ts`, or from bench/run.ts via benchSimulate):
// trials per second per core of the fast method on the largest example (the ICB-scale scenario), the same model
// vectorised in NumPy (bench/simulate_numpy.py) run in the same benchmark as the baseline, and a 1,000,000-trial
// run on 2 worker threads with its wall time and peak memory.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { thresholdRate } from '../shared/core/settlement/index.ts';
import { parseScenario } from '../shared/core/scenario/index.ts';
import { runChunk } from '../shared/core/simulation/index.ts';
import { type SimulationModel, buildModel } from '../shared/core/simulation/index.ts';
import { parseSimulationOptions } from '../shared/core/simulation/index.ts';
import { buildIcbScaleScenario } from './icbScenario.ts';
import { mb } from './timing.ts';
import { calculate } from '../shared/core/engine/index.ts';

const PYTHON = process.env.PACS_PYTHON ?? '/usr/bin/python3';
const SEED = 20_240;

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

function numpyRun(model: SimulationModel, trials: number): Record<string, number | string> | string {
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
  if (r.status !== 0) return `not run (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

/** Runs the 1,000,000-trial simulation in a fresh Node process (tsx loader) and reports time and peak RSS. */
function millionInChild(): { seconds: number | string; pacs: string; rssMb: number | string } {
  const here = (f: string) => new URL(f, import.meta.url).href;
  const code = `
    const { buildIcbScaleScenario } = await import(${JSON.stringify(here('./icbScenario.ts'))});
    const { simulateInWorkers } = await import(${JSON.stringify(here('../cli/simulateWorkerPool.ts'))});
    const input = buildIcbScaleScenario();
    const t = performance.now();
    const r = await simulateInWorkers(input, { trials: 1000000, seed: ${SEED} }, { workers: 2 });
    const seconds = (performance.now() - t) / 1000;
    const pacs = r.parties.find((p) => p.party === 'pacs');
    console.log(JSON.stringify({ seconds, pLoss: pacs.pLoss.value, var95: pacs.var95.value,
      rss: process.resourceUsage().maxRSS * 1024 }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const why = `failed (${(r.stderr || '').trim().split('\n').pop()})`;
    return { seconds: why, pacs: '-', rssMb: '-' };
  }
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
  return {
    seconds: Math.round(j.seconds! * 100) / 100,
    pacs: `${Math.round(j.pLoss! * 10_000) / 10_000}, ${Math.round(j.var95!)}`,
    rssMb: mb(j.rss!),
  };
}

export async function benchSimulate(): Promise<Record<string, number | string>> {
  const input = buildIcbScaleScenario();
  const scenario = parseScenario(input);
  const t0 = performance.now();
  const model = buildModel(scenario, parseSimulationOptions({ seed: SEED }), calculate(scenario));
  const buildMs = performance.now() - t0;

  // Per core: one thread each, after a warm-up; TypeScript and NumPy runs interleaved, best of 3 each (the machine
  // is shared: interleaving exposes both to the same load, the best run is the least disturbed).
  const trials = 200_000;
  runChunk(model, 0, 20_000);
  let out = runChunk(model, 0, 1);
  let perCore = 0;
  let numpy: Record<string, number | string> | string = 'not run';
  let numpyRate = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t1 = performance.now();
    out = runChunk(model, 0, trials);
    perCore = Math.max(perCore, trials / ((performance.now() - t1) / 1000));
    const r = numpyRun(model, trials);
    if (typeof r === 'string') numpy = r;
    else if (Number(r.trialsPerSecond) > numpyRate) {
      numpy = r;
      numpyRate = Number(r.trialsPerSecond);
    }
  }
  let mean = 0;
  for (let i = 0; i < trials; i++) mean += out.provider[i]!;
  mean /= trials;
  let ss = 0;
  for (let i = 0; i < trials; i++) ss += (out.provider[i]! - mean) ** 2;
  const se = Math.sqrt(ss / (trials - 1) / trials);

  // 1,000,000 trials on 2 worker threads, end to end (worker start-up, model build, merge, statistics), in a
  // child process so its peak memory is its own.
  const million = millionInChild();

  const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    scenario: `${scenario.name}: ${Math.round(model.ctx.personYears).toLocaleString('en-GB')} person-years, ${model.segments.length} segments, ${model.lines.length} in-scope lines`,
    'model build ms': round(buildMs),
    'TypeScript trials/s per core (fast method, best of 3)': round(perCore),
    'NumPy trials/s per core (same model, vectorised, best of 3)':
      typeof numpy === 'string' ? numpy : round(numpyRate),
    'ratio TypeScript / NumPy (goal >= 1)': typeof numpy === 'string' ? '-' : round(perCore / numpyRate, 2),
    'providers mean result, TypeScript / NumPy (GBP)': `${round(mean)} / ${typeof numpy === 'string' ? '-' : round(Number(numpy.providerMean))} (each ±${round(se)})`,
    '1,000,000 trials on 2 workers, s (goal < 10)': million.seconds,
    '  providers P(loss), VaR95 (GBP)': million.pacs,
    '  peak RSS MB, all threads (goal < 500)': million.rssMb,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [k, v] of Object.entries(await benchSimulate())) console.log(`${k.padEnd(52)} ${v}`);
}
