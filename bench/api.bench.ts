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

const USERS = 4;

/** POST /v1/calc with 100 operations per request over loopback, against GET /v1/health (the HTTP adapter, auth
 *  and routing alone) measured in the same run. A warm-up phase first (the first request calculates the scenario
 *  and JIT-compiles the handlers: not what a user waits for on a warm service); then health and calc phases
 *  interleaved, twice each, so both see the same machine load; requests cycle through several users' tokens. */
export async function benchApi(
  seconds = 4,
): Promise<{ figures: Record<string, number | string>; failures: string[] }> {
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
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, u) =>
        mintDevToken({ org: 'BENCH', user: `bench${u}` }, join(dataDir, 'dev-issuer')),
      ),
    );
    const headersOf = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const scenario = JSON.parse(readFileSync(join(root, 'examples/fully-integrated-tameside.json'), 'utf8'));
    const created = await fetch(`${stack.apiUrl}/v1/scenarios`, {
      method: 'POST',
      headers: headersOf(tokens[0]!),
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
    const calcRequests = tokens.map((t) => ({
      method: 'POST' as const,
      path: '/v1/calc',
      headers: headersOf(t),
      body,
    }));
    const healthRequests = tokens.map((t) => ({
      method: 'GET' as const,
      path: '/v1/health',
      headers: headersOf(t),
    }));
    const phase = (requests: autocannon.Request[], duration: number) =>
      load({ url: stack.apiUrl, requests, connections: 10, duration });

    await phase(calcRequests, 2); // warm-up, discarded
    const health: autocannon.Result[] = [];
    const calc: autocannon.Result[] = [];
    for (let round = 0; round < 2; round++) {
      health.push(await phase(healthRequests, seconds));
      calc.push(await phase(calcRequests, seconds));
    }
    const failed = calc.reduce((a, r) => a + r.non2xx + r.errors, 0);
    const mean = (rs: autocannon.Result[]) => rs.reduce((a, r) => a + r.requests.average, 0) / rs.length;
    const healthRps = mean(health);
    const calcRps = mean(calc);
    const spread = (rs: autocannon.Result[]) => rs.map((r) => Math.round(r.requests.average)).join(' / ');
    return {
      figures: {
        'baseline GET /v1/health requests/s (phases)': `${Math.round(healthRps)} (${spread(health)})`,
        'POST /v1/calc (100 ops) requests/s (phases)': `${Math.round(calcRps)} (${spread(calc)})`,
        'POST /v1/calc operations/s': Math.round(calcRps * 100),
        'POST /v1/calc p50 / p99 latency ms (worst phase)': `${Math.max(...calc.map((r) => r.latency.p50))} / ${Math.max(...calc.map((r) => r.latency.p99))}`,
        'GET /v1/health p50 / p99 latency ms (worst phase)': `${Math.max(...health.map((r) => r.latency.p50))} / ${Math.max(...health.map((r) => r.latency.p99))}`,
        'ratio calc requests/s / health requests/s': Math.round((calcRps / healthRps) * 1000) / 1000,
        'users (tokens), connections': `${USERS}, 10`,
      },
      failures: failed > 0 ? [`${failed} calc requests failed`] : [],
    };
  } finally {
    await stack.stop();
  }
}
