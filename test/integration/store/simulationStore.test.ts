import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSimulationStore } from '../../../functions/store/dynamoSimulationStore.ts';
import { NotFoundError, PayloadTooLargeError } from '../../../shared/contract/errors/serviceErrors.ts';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { bigDocument, client, newOrg, TABLE } from './storeFixtures.ts';

let ddb: ReturnType<typeof client>;
let runs: DynamoSimulationStore;
const request = { scenario: 's_aaaaaaaaaaaaaaaaaaaa', version: 3, trials: 10_000, seed: 7 };
const key = () => `key-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  ddb = client(await ddbEndpoint());
  runs = new DynamoSimulationStore({ client: ddb, tableName: TABLE });
});
afterAll(() => ddb.destroy());

describe('create and idempotency', () => {
  it('creates a queued run and returns the same run for a repeated key', async () => {
    const org = newOrg();
    const k = key();
    const first = await runs.create(org, k, request);
    expect(first.created).toBe(true);
    expect(first.run).toMatchObject({ org, status: 'queued', progress: { done: 0, total: 0 }, request });
    expect(first.run.id).toMatch(/^r_[a-z2-7]{20}$/);
    expect(first.run.ttl).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
    const again = await runs.create(org, k, { ...request }); // same content, new object
    expect(again.created).toBe(false);
    expect(again.run).toEqual(first.run);
    expect(await runs.get(org, first.run.id)).toEqual(first.run);
  });

  it('refuses the same key with a different request, naming the Idempotency-Key header', async () => {
    const org = newOrg();
    const k = key();
    await runs.create(org, k, request);
    const err = await runs.create(org, k, { ...request, trials: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: 'Idempotency-Key' });
    await expect(runs.create(org, '', request)).rejects.toMatchObject({ field: 'Idempotency-Key' });
    await expect(runs.create(org, 'has space', request)).rejects.toMatchObject({ field: 'Idempotency-Key' });
  });

  it('ten simultaneous submissions with one key create exactly one run', async () => {
    const org = newOrg();
    const k = key();
    const all = await Promise.all(Array.from({ length: 10 }, () => runs.create(org, k, request)));
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(all.map((r) => r.run.id)).size).toBe(1);
  });

  it('keys are per organisation', async () => {
    const k = key();
    const a = await runs.create(newOrg(), k, request);
    const b = await runs.create(newOrg(), k, { other: true });
    expect(b.created).toBe(true);
    expect(b.run.id).not.toBe(a.run.id);
  });
});

describe('lifecycle', () => {
  it('queued -> running (progress) -> succeeded with a chunked result', async () => {
    const org = newOrg();
    const { run } = await runs.create(org, key(), request);
    const p = await runs.updateProgress(org, run.id, { done: 10, total: 100 });
    expect(p).toMatchObject({ status: 'running', progress: { done: 10, total: 100 } });
    await expect(runs.updateProgress(org, run.id, { done: 5, total: 4 })).rejects.toMatchObject({
      field: 'progress',
    });
    const result = bigDocument(700_000);
    const done = await runs.complete(org, run.id, result);
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: 100, total: 100 } });
    const got = await runs.get(org, run.id);
    expect(got.result).toEqual(result);
    expect(got.request).toEqual(request);
    const light = await runs.get(org, run.id, { withResult: false });
    expect(light.result).toBeUndefined();
    expect(light.status).toBe('succeeded');
    // Finished: later transitions change nothing.
    expect((await runs.cancel(org, run.id)).status).toBe('succeeded');
    expect((await runs.fail(org, run.id, { code: 'x', message: 'y' })).status).toBe('succeeded');
    expect((await runs.complete(org, run.id, { other: 1 })).status).toBe('succeeded');
    expect((await runs.get(org, run.id)).result).toEqual(result);
  });

  it('a cancelled run never flips back', async () => {
    const org = newOrg();
    const { run } = await runs.create(org, key(), request);
    await runs.updateProgress(org, run.id, { done: 1, total: 10 });
    const cancelled = await runs.cancel(org, run.id);
    expect(cancelled.status).toBe('cancelled');
    expect(await runs.cancel(org, run.id)).toEqual(cancelled);
    expect((await runs.updateProgress(org, run.id, { done: 5, total: 10 })).status).toBe('cancelled');
    expect((await runs.complete(org, run.id, { late: true })).status).toBe('cancelled');
    expect((await runs.fail(org, run.id, { code: 'late', message: 'late' })).status).toBe('cancelled');
    const got = await runs.get(org, run.id);
    expect(got).toMatchObject({ status: 'cancelled', progress: { done: 1, total: 10 } });
    expect(got.result).toBeUndefined();
  });

  it('records a failure with its code and message', async () => {
    const org = newOrg();
    const { run } = await runs.create(org, key(), request);
    const failed = await runs.fail(org, run.id, { code: 'worker_crashed', message: 'out of memory' });
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'worker_crashed', message: 'out of memory' },
    });
    expect((await runs.get(org, run.id)).error).toEqual({ code: 'worker_crashed', message: 'out of memory' });
  });

  it('refuses a result too large to store', async () => {
    const org = newOrg();
    const { run } = await runs.create(org, key(), request);
    const huge = { blob: randomBytes(4_500_000).toString('base64') };
    await expect(runs.complete(org, run.id, huge)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect((await runs.get(org, run.id)).status).toBe('queued');
  });
});

describe('organisations and expiry', () => {
  it("another organisation's run is NotFound for every operation", async () => {
    const a = newOrg();
    const b = newOrg();
    const { run } = await runs.create(a, key(), request);
    await expect(runs.get(b, run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(runs.updateProgress(b, run.id, { done: 1, total: 2 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(runs.complete(b, run.id, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(runs.fail(b, run.id, { code: 'x', message: 'y' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(runs.cancel(b, run.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await runs.get(a, run.id)).status).toBe('queued');
  });

  it('an expired run is never served and its idempotency key can be used again', async () => {
    const org = newOrg();
    const k = key();
    const { run } = await runs.create(org, k, request);
    const later = new DynamoSimulationStore({
      client: ddb,
      tableName: TABLE,
      now: () => new Date(Date.now() + 31 * 86_400_000),
    });
    await expect(later.get(org, run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(later.updateProgress(org, run.id, { done: 1, total: 2 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(later.cancel(org, run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(later.complete(org, run.id, {})).rejects.toBeInstanceOf(NotFoundError);
    const fresh = await later.create(org, k, { different: true });
    expect(fresh.created).toBe(true);
    expect(fresh.run.id).not.toBe(run.id);
  });
});
