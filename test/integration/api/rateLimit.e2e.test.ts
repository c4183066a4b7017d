import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint(), { rateLimit: { perSecond: 1, burst: 3 } });
});
afterAll(() => stack?.close());

describe('rate limiting', () => {
  it('answers 429 retryable with Retry-After past the burst, per user, and health is never limited', async () => {
    const org = newOrgCode();
    const ana = await stack.token(org, 'ana');
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(stack.url, 'GET', '/v1/scenarios', { token: ana })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    const limited = await call(stack.url, 'GET', '/v1/scenarios', { token: ana });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(limited.headers.get('retry-after')).toBe('2');
    // Another user of the same organisation has their own bucket.
    expect(
      (await call(stack.url, 'GET', '/v1/scenarios', { token: await stack.token(org, 'bob') })).status,
    ).toBe(200);
    for (let i = 0; i < 10; i++) expect((await call(stack.url, 'GET', '/v1/health')).status).toBe(200);
  });
});
