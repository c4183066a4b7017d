import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/bundling.ts';
import type { ReadTarget } from './coldParts/readTarget.ts';

/* Where the API's cold start goes, each in a fresh process built exactly as the Lambda bundle is
 * (lambdaBuildOptions), interleaved, median of `runs`:
 *  - the scenario read alone, through the product's DynamoDB client and store, and at the floor any client must pay
 *    (the same three calls signed by hand over node:http): CPU ms of its import, first read, second read;
 *  - the floor of a whole cold POST /v1/calc (coldParts/calcFloor.ts): the product's parts that any answer needs,
 *    the read at its floor, nothing else; CPU ms of each step and its wall total. If that floor is over the goal,
 *    no change short of dropping one of those parts meets it. */

const here = fileURLToPath(new URL('.', import.meta.url));
const cpuHelpers =
  'const cpu = () => { const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };';

type Read = 'scenarioRead' | 'signedScenarioRead';

async function bundle(part: Read | 'calcFloor', dir: string): Promise<string> {
  const out = join(dir, part);
  mkdirSync(out, { recursive: true });
  await build({
    ...lambdaBuildOptions('api', out),
    entryPoints: { index: join(here, 'coldParts', `${part}.ts`) },
  });
  return join(out, 'index.mjs');
}

function child(code: string, env: NodeJS.ProcessEnv): number[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `${cpuHelpers}\n${code}`], {
    env,
    encoding: 'utf8',
  });
  const line = out.split('\n').find((l) => l.startsWith('PARTS '));
  if (line === undefined) throw new Error(`no result in: ${out.slice(0, 300)}`);
  return JSON.parse(line.slice(6)) as number[];
}

const readCode = (file: string, target: ReadTarget) => `
  const c0 = cpu(); const m = await import(${JSON.stringify(file)}); const c1 = cpu();
  const t = ${JSON.stringify(target)};
  await m.run(t); const c2 = cpu(); await m.run(t); const c3 = cpu();
  console.log('PARTS ' + JSON.stringify([c1 - c0, c2 - c1, c3 - c2]));`;

/** import, verify, read, validate, answer, logs and metrics (CPU ms), then the wall ms of it all. */
const floorCode = (file: string, target: ReadTarget, inputFile: string) => `
  const { readFileSync } = await import('node:fs');
  const input = JSON.parse(readFileSync(${JSON.stringify(inputFile)}, 'utf8'));
  const w0 = performance.now(); const c0 = cpu();
  const m = await import(${JSON.stringify(file)}); const c1 = cpu();
  const marks = [];
  const handler = m.observeHttp(async () => {
    const verify = await m.verifier(); await verify(input.authorization); marks.push(cpu());
    const raw = await m.read(${JSON.stringify(target)}); marks.push(cpu());
    const scenario = m.validate(raw); marks.push(cpu());
    const body = await m.answer(input.calcBody, scenario); marks.push(cpu());
    return { statusCode: 200, headers: {}, body };
  });
  const result = await handler(input.event); const c6 = cpu(); const w1 = performance.now();
  if (result.statusCode !== 200) throw new Error('floor answered ' + result.statusCode);
  const [c2, c3, c4, c5] = marks;
  console.log('PARTS ' + JSON.stringify([c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4, c6 - c5, w1 - w0]));`;

export async function coldStartParts(options: {
  dir: string;
  target: ReadTarget;
  env: NodeJS.ProcessEnv;
  /** The cold request's event, its Authorization header and its body. */
  event: unknown;
  authorization: string;
  calcBody: unknown;
  runs: number;
}): Promise<{ figures: Record<string, string>; floorMs: number }> {
  const { dir, target, env, runs } = options;
  const files = {
    scenarioRead: await bundle('scenarioRead', dir),
    signedScenarioRead: await bundle('signedScenarioRead', dir),
    calcFloor: await bundle('calcFloor', dir),
  };
  const inputFile = join(dir, 'parts-input.json');
  const { event, authorization, calcBody } = options;
  writeFileSync(inputFile, JSON.stringify({ event, authorization, calcBody }));
  const rows: Record<Read | 'calcFloor', number[][]> = {
    scenarioRead: [],
    signedScenarioRead: [],
    calcFloor: [],
  };
  for (let r = 0; r < runs; r++) {
    rows.scenarioRead.push(child(readCode(files.scenarioRead, target), env));
    rows.signedScenarioRead.push(child(readCode(files.signedScenarioRead, target), env));
    rows.calcFloor.push(child(floorCode(files.calcFloor, target, inputFile), env));
  }
  const med = (part: Read | 'calcFloor', i: number) => {
    const xs = rows[part].map((row) => row[i]!).sort((a, b) => a - b);
    return Math.round(xs[Math.floor(xs.length / 2)]! * 10) / 10;
  };
  const steps = (part: Read | 'calcFloor', n: number) =>
    Array.from({ length: n }, (_, i) => med(part, i)).join(' / ');
  const floorCpu = rows.calcFloor
    .map((row) => row.slice(0, 6).reduce((a, b) => a + b, 0))
    .sort((a, b) => a - b);
  const floorMs = med('calcFloor', 6);
  return {
    figures: {
      'scenario read alone, AWS SDK client + store: import / first / warm, CPU ms': steps('scenarioRead', 3),
      '  floor: the same 3 calls signed by hand over node:http, CPU ms': steps('signedScenarioRead', 3),
      'floor of a cold calc (no SDK, no router): import / verify / read / validate / calculate + 100 ops / logs, CPU ms':
        steps('calcFloor', 6),
      '  floor of a cold calc: wall ms (median), CPU ms (median)': `${floorMs} / ${
        Math.round(floorCpu[Math.floor(floorCpu.length / 2)]! * 10) / 10
      }`,
    },
    floorMs,
  };
}
