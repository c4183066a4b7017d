import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { mintDevToken } from '../functions/auth/devIssuer.ts';
import { startLocalStack } from '../functions/local/localStack.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** POST /v1/calc with 100 operations per request over loopback, against GET /v1/health measured in the same run
 *  (the HTTP adapter and routing alone) as the baseline. */
export async function benchApi(seconds = 8): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pacs-bench-'));
  const stack = await startLocalStack({
    dataDir,
    addinDir: join(root, 'addin/public'),
    inMemory: true,
    apiPort: 0,
    addinPort: 0,
    // The benchmark measures throughput, not the per-user limit.
    rateLimit: { perSecond: 1e6, burst: 1e6 },
  });
  try {
    const token = await mintDevToken({ org: 'BENCH', user: 'bench' }, join(dataDir, 'dev-issuer'));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const scenario = JSON.parse(readFileSync(join(root, 'examples/fully-integrated-tameside.json'), 'utf8'));
    const created = await fetch(`${stack.apiUrl}/v1/scenarios`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ scenario }),
    });
    const { id, version } = (await created.json()) as { id: string; version: number };
    const ref = `${id}@${version}`;
    const fns = ['CAPITATION', 'PPPY', 'WITHHOLD', 'PROVIDERPAY', 'BUDGET'];
    const ops = Array.from({ length: 100 }, (_, i) => ({
      id: `op${i}`,
      fn: fns[i % fns.length],
      args: [ref, i % 6],
    }));
    const body = JSON.stringify({ ops });

    const health = await load({ url: `${stack.apiUrl}/v1/health`, connections: 10, duration: seconds });
    const calc = await load({
      url: `${stack.apiUrl}/v1/calc`,
      method: 'POST',
      headers,
      body,
      connections: 10,
      duration: seconds,
    });
    if (calc.non2xx > 0)
      throw new Error(
        `${calc.non2xx} calc requests failed: ${JSON.stringify((calc as { statusCodeStats?: unknown }).statusCodeStats)}`,
      );
    return {
      'baseline GET /v1/health requests/s': Math.round(health.requests.average),
      'POST /v1/calc (100 ops) requests/s': Math.round(calc.requests.average),
      'POST /v1/calc operations/s': Math.round(calc.requests.average * 100),
      'POST /v1/calc p50 latency ms': calc.latency.p50,
      'POST /v1/calc p99 latency ms': calc.latency.p99,
      'ratio calc requests/s / health requests/s':
        Math.round((calc.requests.average / health.requests.average) * 1000) / 1000,
    };
  } finally {
    await stack.stop();
  }
}
