import { RateLimitedError } from '../../shared/contract/errors/index.ts';

/** Token bucket per key (organisation and user) within one running instance: protects the engine from a
 *  runaway workbook. API Gateway stage throttling is the outer limit in AWS. */
export function createRateLimiter(
  options: { perSecond: number; burst: number },
  now: () => number = Date.now,
) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string): void {
      const t = now();
      const b = buckets.get(key) ?? { tokens: options.burst, at: t };
      b.tokens = Math.min(options.burst, b.tokens + ((t - b.at) / 1000) * options.perSecond);
      b.at = t;
      if (b.tokens < 1) {
        buckets.set(key, b);
        throw new RateLimitedError();
      }
      b.tokens -= 1;
      buckets.set(key, b);
      if (buckets.size > 10_000) buckets.clear(); // bounded memory under a flood of distinct keys
    },
  };
}
