import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { DynamoChunkLedger } from '../../../functions/store/dynamoChunkLedger.ts';
import { DynamoSimulationStore } from '../../../functions/store/dynamoSimulationStore.ts';
import { createUsageLimiter } from '../../../functions/store/dynamoUsageLimiter.ts';
import type { OrgId } from '../../../functions/store/ports.ts';
import { RateLimitedError } from '../../../shared/contract/errors/index.ts';
import { tableSpec } from '../../../shared/contract/storage/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';

const TABLE = tableSpec.defaultTableName;
const sha = (c: string) => c.repeat(64);
let client: ReturnType<typeof createDynamoClient>;
beforeAll(async () => {
  client = createDynamoClient({ endpoint: await ddbEndpoint(), region: 'eu-west-2' });
});
afterAll(() => client?.destroy());
let n = 0;
const org = () => `L${Date.now().toString(36).slice(-3).toUpperCase()}${n++}` as OrgId;

describe('chunk ledger (DynamoDB Local)', () => {
  it('counts a chunk once, recognises a retry, flags other bytes, and stops after a cancel', async () => {
    const o = org();
    const runs = new DynamoSimulationStore({ client, tableName: TABLE });
    const ledger = new DynamoChunkLedger({ client, tableName: TABLE });
    const { run } = await runs.create(o, 'ledger-key-0001', { scenario: 's@1', options: {} });
    expect(await ledger.status(o, run.id)).toBe('queued');

    expect(await ledger.record(o, run.id, { from: 100, to: 250, sha256: sha('a') }, 1000)).toBe('recorded');
    expect((await runs.get(o, run.id)).progress).toEqual({ done: 150, total: 1000 });
    expect(await ledger.status(o, run.id)).toBe('running');
    expect(await ledger.record(o, run.id, { from: 100, to: 250, sha256: sha('a') }, 1000)).toBe('duplicate');
    expect(await ledger.record(o, run.id, { from: 100, to: 250, sha256: sha('b') }, 1000)).toBe('mismatch');
    expect(await ledger.record(o, run.id, { from: 0, to: 100, sha256: sha('c') }, 1000)).toBe('recorded');
    expect((await runs.get(o, run.id)).progress).toEqual({ done: 250, total: 1000 });
    expect((await ledger.list(o, run.id)).map((c) => [c.from, c.to])).toEqual([
      [0, 100],
      [100, 250],
    ]);

    await runs.cancel(o, run.id);
    expect(await ledger.record(o, run.id, { from: 250, to: 400, sha256: sha('d') }, 1000)).toBe('inactive');
    const after = await runs.get(o, run.id);
    expect(after.status).toBe('cancelled');
    expect(after.progress.done).toBe(250);
    expect(await ledger.list(o, run.id)).toHaveLength(2); // the refused chunk left no item
    expect(await ledger.status(o, 'r_aaaaaaaaaaaaaaaaaaaa')).toBe('gone');
  });

  it('refuses a chunk outside the run or a malformed hash before writing', async () => {
    const ledger = new DynamoChunkLedger({ client, tableName: TABLE });
    await expect(ledger.record(org(), 'r_x', { from: 5, to: 5, sha256: sha('a') }, 10)).rejects.toThrow(
      /inside/,
    );
    await expect(ledger.record(org(), 'r_x', { from: 0, to: 11, sha256: sha('a') }, 10)).rejects.toThrow(
      /inside/,
    );
    await expect(ledger.record(org(), 'r_x', { from: 0, to: 5, sha256: 'xyz' }, 10)).rejects.toThrow(
      /64 hex/,
    );
  });
});

describe('per-organisation usage limit (DynamoDB Local)', () => {
  it('admits perMinute requests per organisation per clock minute, across limiter instances', async () => {
    let now = new Date('2026-11-30T10:00:05Z');
    const make = () => createUsageLimiter({ client, tableName: TABLE, perMinute: 3, now: () => now });
    const [a, b] = [make(), make()]; // two Lambda instances share the counter
    const o = org();
    await a.admit(o);
    await b.admit(o);
    await a.admit(o);
    await expect(b.admit(o)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(a.admit(o)).rejects.toThrow(/3 requests this minute/);
    await a.admit(org()); // another organisation is unaffected
    now = new Date('2026-11-30T10:01:00Z'); // the next minute starts afresh
    await a.admit(o);
  });
});
