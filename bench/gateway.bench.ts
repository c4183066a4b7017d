import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTokenSource } from '../addin/src/auth/index.ts';
import { createPacsClient } from '../addin/src/client/index.ts';
import { type OperationCall, createGateway } from '../addin/src/gateway/index.ts';
import { mintDevToken } from '../functions/auth/devIssuer.ts';
import { startLocalStack } from '../functions/local/localStack.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = ['fully-integrated-tameside', 'partially-integrated-south-somerset', 'virtual-east-lindsey'];

/** Recalculating N distinct PACS cells through the engine gateway (batched, de-duplicated, 4 requests in flight)
 *  against the local service, and the same cells without batching (one POST /v1/calc per cell, as an add-in
 *  without a gateway sends them), measured in the same run on the same warm service. The unbatched baseline is
 *  given its best concurrency of 4, 16 and 64 connections, so the ratio is against a strong baseline. */
export async function benchGateway(): Promise<{
  figures: Record<string, number | string>;
  failures: string[];
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pacs-bench-gateway-'));
  const stack = await startLocalStack({
    dataDir,
    addinDir: join(root, 'addin/public'),
    inMemory: true,
    apiPort: 0,
    addinPort: 0,
    rateLimit: { perSecond: 1e6, burst: 1e6 },
  });
  try {
    const token = await mintDevToken({ org: 'BENCH', user: 'bench' }, join(dataDir, 'dev-issuer'));
    const tokens = createTokenSource({
      kind: 'development',
      silent: async () => ({
        token,
        expiresAt: Date.now() + 3_600_000,
        user: 'bench',
        name: 'bench',
        org: 'BENCH',
      }),
      interactive: async () => {
        throw new Error('no interactive sign-in in the benchmark');
      },
    });
    const client = createPacsClient({ baseUrl: stack.apiUrl, tokens });
    // 24 saved scenario versions x 6 years x 70 segments = 10,080 distinct cells.
    const refs: string[] = [];
    for (let copy = 0; copy < 8; copy++)
      for (const name of EXAMPLES) {
        const doc = JSON.parse(readFileSync(join(root, 'examples', `${name}.json`), 'utf8'));
        const saved = await client.scenarios.create({ ...doc, name: `${doc.name} (${copy})` });
        refs.push(`${saved.id}@${saved.version}`);
      }
    const segments = (
      JSON.parse(readFileSync(join(root, 'examples', `${EXAMPLES[0]}.json`), 'utf8')) as {
        population: { segments: { id: string }[] };
      }
    ).population.segments.map((s) => s.id);
    const calls: OperationCall[] = [];
    for (const ref of refs)
      for (let year = 0; year <= 5; year++)
        for (const segment of segments) calls.push({ fn: 'PPPY', args: [ref, year, segment] });

    const viaGateway = async (n: number) => {
      const gateway = createGateway(client, {});
      const t0 = performance.now();
      await Promise.all(calls.slice(0, n).map((c) => gateway.calculate(c).promise));
      return { ms: performance.now() - t0, requests: gateway.status().requestsSent };
    };
    const unbatched = async (n: number, concurrency: number) => {
      const queue = calls.slice(0, n);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let c = queue.shift(); c; c = queue.shift())
            await client.calc({ ops: [{ id: '0', fn: c.fn, args: c.args }] });
        }),
      );
      return performance.now() - t0;
    };
    const best = async <T>(runs: number, f: () => Promise<T>, key: (t: T) => number) => {
      const results: T[] = [];
      for (let i = 0; i < runs; i++) results.push(await f());
      return results.sort((a, b) => key(a) - key(b))[0]!;
    };

    // Warm the service (every scenario version loaded and calculated once) so both sides find it warm.
    await viaGateway(calls.length);

    const figures: Record<string, number | string> = {};
    const failures: string[] = [];
    for (const n of [1_000, 10_000]) {
      const g = await best(
        3,
        () => viaGateway(n),
        (r) => r.ms,
      );
      const baselines: [number, number][] = [];
      for (const concurrency of [4, 16, 64])
        baselines.push([
          concurrency,
          await best(
            n >= 10_000 ? 1 : 2,
            () => unbatched(n, concurrency),
            (ms) => ms,
          ),
        ]);
      const [bestConcurrency, baseMs] = baselines.sort((a, b) => a[1] - b[1])[0]!;
      figures[`${n} cells: gateway ms (best of 3)`] = Math.round(g.ms);
      figures[`${n} cells: gateway HTTP requests`] = g.requests;
      for (const [c, ms] of baselines.sort((a, b) => a[0] - b[0]))
        figures[`${n} cells: unbatched ms, ${c} in flight`] = Math.round(ms);
      const ratio = Math.round((baseMs / g.ms) * 10) / 10;
      figures[`${n} cells: ratio unbatched (best, ${bestConcurrency} in flight) / gateway`] = ratio;
      if (n === 1_000 && ratio < 20) failures.push(`gateway at 1,000 cells: ${ratio}x, goal at least 20x`);
    }
    return { figures, failures };
  } finally {
    await stack.stop();
  }
}
