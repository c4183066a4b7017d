import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mintDevToken } from '../functions/auth/devIssuer.ts';
import { createTable, startDynamoDbLocal } from '../functions/local/dynamodbLocal.ts';
import { LAMBDA_ENTRIES, lambdaBuildOptions, startupOutputs } from '../infra/bundling.ts';
import { type OrgId, tableSpec } from '../shared/contract/storage/index.ts';
import { coldStartParts } from './coldStartParts.ts';

/* Cold start of the API Lambda, as a new instance lives it: a fresh Node process imports the bundle the CDK stack
 * deploys (infra/bundling.ts) and serves its first POST /v1/calc (100 operations on a scenario version it reads
 * from DynamoDB Local and calculates), against a fresh process importing an empty module, interleaved, the median
 * of `runs`. The token is the development issuer's (a deployed function verifies Entra's with keys it fetches once
 * per instance: a network round trip this machine cannot make, left out and stated). The child runs with the
 * deployed NODE_OPTIONS (none: stacks are source-mapped when logged, see infra/constructs/pacsFunction.ts), on the
 * repository's Node 22 (the stack deploys Node 24: measured in one run, Node 24 is no slower on this bundle). */

const root = fileURLToPath(new URL('..', import.meta.url));
const ORG = 'COLD';

function eventFor(method: string, path: string, token: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, sourceIp: '127.0.0.1' },
      requestId: `cold-${Date.now()}`,
      timeEpoch: Date.now(),
    },
  };
}

/** One fresh process: import `file`, then (if an event file is given) call its handler once. */
function freshProcess(
  file: string,
  eventFile: string | null,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
) {
  const script = `
    const cpu = () => { const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
    const t0 = performance.now();
    const c0 = cpu();
    const m = await import(${JSON.stringify(file)});
    const t1 = performance.now();
    const c1 = cpu();
    let status = 0;
    if (${JSON.stringify(eventFile)} !== null) {
      const { readFileSync } = await import('node:fs');
      const r = await m.handler(JSON.parse(readFileSync(${JSON.stringify(eventFile)}, 'utf8')));
      status = r.statusCode;
      if (status !== 200) process.stderr.write(r.body);
    }
    const t2 = performance.now();
    const c2 = cpu();
    process.stdout.write('\\nRESULT ' + JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, status,
      importCpuMs: c1 - c0, firstCpuMs: c2 - c1 }) + '\\n');`;
  const out = execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(resultLine(out, 'RESULT ')) as {
    importMs: number;
    firstMs: number;
    status: number;
    importCpuMs: number;
    firstCpuMs: number;
  };
}

/** The line of `out` starting with `tag`, without it (the function also writes its logs and metrics there). */
function resultLine(out: string, tag: string): string {
  const line = out.split('\n').find((l) => l.startsWith(tag));
  if (line === undefined) throw new Error(`no result in: ${out.slice(0, 400)}`);
  return line.slice(tag.length);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

export async function benchColdStart(
  runs = 9,
): Promise<{ figures: Record<string, number | string>; failures: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pacs-cold-'));
  const { metafile } = await build({
    ...lambdaBuildOptions('api', join(dir, 'api')),
    ...(process.env.PACS_COLD_PROFILE ? { minify: false } : {}),
  });
  const bundle = join(dir, 'api', 'index.mjs');
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const ddb = await startDynamoDbLocal();
  try {
    await createTable(ddb.endpoint);
    const keyDir = join(dir, 'dev-issuer');
    const token = await mintDevToken({ org: ORG, user: 'cold' }, keyDir);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TABLE_NAME: tableSpec.defaultTableName,
      AWS_REGION: 'eu-west-2',
      DYNAMODB_ENDPOINT: ddb.endpoint,
      CURSOR_SECRET: 'cold-start-benchmark-secret',
      PACS_AUTH_MODE: 'dev',
      PACS_DEV_KEY_DIR: keyDir,
      POWERTOOLS_METRICS_NAMESPACE: 'PacsBench',
      // As deployed: simulations go to Step Functions (the runner and its clients are built, nothing is called).
      SIMULATION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:pacs-bench',
      SIMULATION_BUCKET: 'pacs-bench-runs',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    // The scenario version the cold calls read: saved through the same handler, in a throwaway process.
    const scenario = JSON.parse(readFileSync(join(root, 'examples/fully-integrated-tameside.json'), 'utf8'));
    const saveFile = join(dir, 'save.json');
    writeFileSync(saveFile, JSON.stringify(eventFor('POST', '/v1/scenarios', token, { scenario })));
    const saved = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(bundle)}); const { readFileSync } = await import('node:fs');
         const r = await m.handler(JSON.parse(readFileSync(${JSON.stringify(saveFile)}, 'utf8')));
         process.stdout.write('\\nSAVED ' + r.body + '\\n');`,
      ],
      { env, encoding: 'utf8' },
    );
    const { id, version } = JSON.parse(resultLine(saved, 'SAVED ')) as { id: string; version: number };
    const fns = ['CAPITATION', 'PPPY', 'WITHHOLD', 'PROVIDERPAY', 'BUDGET'];
    const ops = Array.from({ length: 100 }, (_, i) => ({
      id: `op${i}`,
      fn: fns[i % fns.length],
      args: [`${id}@${version}`, i % 6],
    }));
    const calcFile = join(dir, 'calc.json');
    writeFileSync(calcFile, JSON.stringify(eventFor('POST', '/v1/calc', token, { ops })));

    freshProcess(empty, null, env); // the first node start of the run pays for disk caches: not counted
    const base: number[] = [];
    const imports: number[] = [];
    const firsts: number[] = [];
    const totals: number[] = [];
    const cpus: number[] = [];
    const importCpus: number[] = [];
    const failures: string[] = [];
    for (let r = 0; r < runs; r++) {
      base.push(freshProcess(empty, null, env).importMs);
      const c = freshProcess(bundle, calcFile, env);
      if (c.status !== 200) failures.push(`cold POST /v1/calc answered ${c.status}`);
      imports.push(c.importMs);
      firsts.push(c.firstMs);
      totals.push(c.importMs + c.firstMs);
      cpus.push(c.importCpuMs + c.firstCpuMs);
      importCpus.push(c.importCpuMs);
    }
    if (process.env.PACS_COLD_PROFILE)
      freshProcess(bundle, calcFile, env, [
        '--cpu-prof',
        '--cpu-prof-interval=100',
        `--cpu-prof-dir=${process.env.PACS_COLD_PROFILE}`,
      ]);
    const total = median(totals);
    const emptyMs = median(base);
    // The goal is on the whole cold start (import + first calc), not on its excess over the empty module.
    if (!(total < 150))
      failures.push(
        `api cold start ${round(total)} ms (goal < 150; CPU ${round(median(cpus))} ms; empty module ${round(emptyMs)} ms)`,
      );
    // Where it goes: each part alone, to show which ones a faster cold start would have to shrink.
    const parts = await coldStartParts({
      dir,
      target: {
        endpoint: ddb.endpoint,
        region: env.AWS_REGION!,
        table: env.TABLE_NAME!,
        org: ORG as OrgId,
        id,
        version,
      },
      env,
      event: eventFor('POST', '/v1/calc', token, { ops }),
      authorization: `Bearer ${token}`,
      calcBody: { ops },
      runs,
    });
    const kib = (files: string[]) =>
      Math.round(files.reduce((a, f) => a + metafile!.outputs[f]!.bytes, 0) / 1024);
    const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;
    return {
      figures: {
        [`${LAMBDA_ENTRIES.api}: minified KB loaded at start / all`]: `${kib(startupOutputs(metafile!))} / ${kib(
          Object.keys(metafile!.outputs).filter((f) => f.endsWith('.mjs')),
        )}`,
        'baseline: import of an empty module, ms (median; range)': `${round(emptyMs)} (${spread(base)})`,
        'api import, ms (median; range)': `${round(median(imports))} (${spread(imports)})`,
        'first POST /v1/calc (100 ops, scenario from DynamoDB Local), ms': `${round(median(firsts))} (${spread(firsts)})`,
        'cold start: import + first calc, ms (median; range; goal < 150)': `${round(total)} (${spread(totals)})`,
        'cold start over the empty module, ms': round(total - emptyMs),
        'cold start, CPU time of the thread, ms (median; range)': `${round(median(cpus))} (${spread(cpus)})`,
        '  of which the import, CPU ms (median; range)': `${round(median(importCpus))} (${spread(importCpus)})`,
        'runs (fresh processes, interleaved)': runs,
        ...parts.figures,
      },
      failures,
    };
  } finally {
    await ddb.stop();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { figures, failures } = await benchColdStart();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${v}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
