import { randomBytes } from 'node:crypto';
import { GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../functions/store/bodyCodec.ts';
import { DynamoScenarioStore } from '../../../functions/store/dynamoScenarioStore.ts';
import {
  NotFoundError,
  PayloadTooLargeError,
  VersionConflictError,
} from '../../../shared/contract/errors/serviceErrors.ts';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { HEAD_SK, scenarioPk, versionSk } from '../../../shared/contract/storage/keys.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { bigDocument, client, doc, newOrg, SECRET, scenarioStore, TABLE } from './storeFixtures.ts';

let ddb: ReturnType<typeof client>;
let store: DynamoScenarioStore;

beforeAll(async () => {
  ddb = client(await ddbEndpoint());
  store = scenarioStore(ddb);
});
afterAll(() => ddb.destroy());

const page = (limit = 100, cursor?: string) => ({ limit, cursor });

describe('create, read, save', () => {
  it('creates version 1 with a server id and reads it back by id and as latest', async () => {
    const org = newOrg();
    const v1 = await store.create(org, doc('Tameside'));
    expect(v1.id).toMatch(/^s_[a-z2-7]{20}$/);
    expect(v1).toMatchObject({ version: 1, author: 'ana@example.nhs.uk', summary: 'saved Tameside' });
    expect(v1.sha256).toBe(sha256Hex(canonicalJson(doc('Tameside').scenario)));

    const head = await store.head(org, v1.id);
    expect(head).toMatchObject({ id: v1.id, name: 'Tameside', latest: 1, archived: false });
    expect(await store.version(org, v1.id)).toEqual(v1);
    expect(await store.version(org, v1.id, 1)).toEqual(v1);
  });

  it('saves n+1 on the latest base and answers 409 with the current version on a stale base', async () => {
    const org = newOrg();
    const v1 = await store.create(org, doc('A'));
    const v2 = await store.save(org, v1.id, 1, doc('A2', { x: 2 }));
    expect(v2.version).toBe(2);
    const stale = await store.save(org, v1.id, 1, doc('A3')).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale).toMatchObject({ currentVersion: 2, baseVersion: 1 });

    expect((await store.version(org, v1.id)).scenario).toEqual(doc('A2', { x: 2 }).scenario);
    expect((await store.version(org, v1.id, 1)).scenario).toEqual(doc('A').scenario);
    expect(await store.head(org, v1.id)).toMatchObject({ latest: 2, name: 'A2' });
    const history = await store.history(org, v1.id, page());
    expect(history.items.map((v) => v.version)).toEqual([2, 1]);
    expect(history.nextCursor).toBeUndefined();
    await expect(store.version(org, v1.id, 3)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never overwrites a version item, even when the head is wrong', async () => {
    const org = newOrg();
    const { id } = await store.create(org, doc('Imm'));
    const v2 = await store.save(org, id, 1, doc('Imm2'));
    // Corrupt the head back to latest = 1: the next save must fail on V#000002, not replace it.
    await ddb.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { PK: { S: scenarioPk(org, id) }, SK: { S: HEAD_SK } },
        UpdateExpression: 'SET latest = :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
    await expect(store.save(org, id, 1, doc('Other'))).rejects.toThrow(/version 2 exists/);
    expect(await store.version(org, id, 2)).toEqual(v2);
    expect((await store.head(org, id)).latest).toBe(1);
  });

  it('round-trips a 1.5 MB scenario through several chunk items with a matching sha256', async () => {
    const org = newOrg();
    const big = bigDocument(1_500_000);
    const v1 = await store.create(org, { ...doc('Big'), scenario: big });
    expect(v1.bytes).toBeGreaterThan(1_500_000);
    const chunks = await ddb.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :b)',
        ExpressionAttributeValues: { ':pk': { S: scenarioPk(org, v1.id) }, ':b': { S: 'B#' } },
        Select: 'COUNT',
      }),
    );
    expect(chunks.Count).toBeGreaterThan(1);
    const back = await store.version(org, v1.id);
    expect(back.sha256).toBe(v1.sha256);
    expect(sha256Hex(canonicalJson(back.scenario))).toBe(v1.sha256);
    expect(back.scenario).toEqual(big);
  });

  it('stores a document at the size limit: 12 chunks in one transaction stay under 4 MB', async () => {
    const org = newOrg();
    const nearMax = { blob: randomBytes(3_400_000).toString('base64') };
    const v1 = await store.create(org, { ...doc('NearMax'), scenario: nearMax });
    expect((await store.version(org, v1.id)).sha256).toBe(v1.sha256);
  });

  it('refuses a document too large for one transaction, naming the scenario field', async () => {
    const org = newOrg();
    const huge = { blob: randomBytes(4_500_000).toString('base64') }; // incompressible
    const err = await store.create(org, { ...doc('Huge'), scenario: huge }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err).toMatchObject({ field: 'scenario' });
  });
});

describe('list and cursors', () => {
  it('pages through 250 scenarios, newest first, 100 at a time', async () => {
    const org = newOrg();
    const ids: string[] = [];
    for (let i = 0; i < 250; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, j) => store.create(org, doc(`P${i + j}`))),
      );
      ids.push(...batch.map((v) => v.id));
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    const stamps: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await store.list(org, page(100, cursor));
      sizes.push(p.items.length);
      seen.push(...p.items.map((h) => h.id));
      stamps.push(...p.items.map((h) => `${h.updatedAt}#${h.id}`));
      cursor = p.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(stamps).toEqual([...stamps].sort().reverse());
  });

  it('hides archived scenarios unless asked; archive is idempotent and keeps them readable', async () => {
    const org = newOrg();
    const a = await store.create(org, doc('Keep'));
    const b = await store.create(org, doc('Drop'));
    const archived = await store.archive(org, b.id, 'bob');
    expect(archived).toMatchObject({ id: b.id, archived: true, latest: 1 });
    expect(await store.archive(org, b.id, 'carol')).toEqual(archived);
    expect((await store.list(org, page())).items.map((h) => h.id)).toEqual([a.id]);
    const all = await store.list(org, { ...page(), includeArchived: true });
    expect(new Set(all.items.map((h) => h.id))).toEqual(new Set([a.id, b.id]));
    expect((await store.version(org, b.id)).version).toBe(1);
    expect((await store.head(org, b.id)).archived).toBe(true);
  });

  it('fills a page past archived items and resumes after the last one returned', async () => {
    const org = newOrg();
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await store.create(org, doc(`Q${i}`)));
    for (const i of [4, 3, 1]) await store.archive(org, made[i]!.id, 'x');
    const first = await store.list(org, page(2));
    expect(first.items.map((h) => h.name)).toEqual(['Q5', 'Q2']);
    const second = await store.list(org, page(2, first.nextCursor));
    expect(second.items.map((h) => h.name)).toEqual(['Q0']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('pages history newest first', async () => {
    const org = newOrg();
    const { id } = await store.create(org, doc('H'));
    for (let n = 1; n < 5; n++) await store.save(org, id, n, doc(`H${n}`));
    const p1 = await store.history(org, id, page(3));
    const p2 = await store.history(org, id, page(3, p1.nextCursor));
    expect([...p1.items, ...p2.items].map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(p2.nextCursor).toBeUndefined();
  });

  it('refuses tampered cursors, cursors of another organisation and of another listing', async () => {
    const org = newOrg();
    const other = newOrg();
    for (let i = 0; i < 3; i++) await store.create(org, doc(`C${i}`));
    const { nextCursor } = await store.list(org, page(1));
    expect(nextCursor).toBeDefined();
    const cursor = nextCursor!;
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(Buffer.from(payload!, 'base64url').toString().replaceAll(org, other)).toString(
      'base64url',
    );
    const bad = [`${forged}.${mac}`, `${payload}.${mac!.slice(0, -2)}AA`, `${payload}`, 'garbage', ''];
    for (const c of bad) {
      await expect(store.list(org, page(1, c)), c).rejects.toMatchObject({ field: 'cursor' });
    }
    await expect(store.list(other, page(1, cursor))).rejects.toBeInstanceOf(ValidationError);
    const { id } = await store.create(org, doc('Hist'));
    await expect(store.history(org, id, page(1, cursor))).rejects.toMatchObject({ field: 'cursor' });
    await expect(store.list(org, page(0))).rejects.toMatchObject({ field: 'limit' });
    await expect(store.list(org, page(101))).rejects.toMatchObject({ field: 'limit' });
  });
});

describe('organisations and expiry', () => {
  it("answers NotFound for another organisation's scenario on every operation", async () => {
    const a = newOrg();
    const b = newOrg();
    const { id } = await store.create(a, doc('Private'));
    await expect(store.head(b, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.version(b, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.version(b, id, 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.history(b, id, page())).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.save(b, id, 1, doc('Hijack'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.archive(b, id, 'mallory')).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.list(b, { ...page(), includeArchived: true })).items).toEqual([]);
    expect(await store.head(a, id)).toMatchObject({ latest: 1, archived: false });
    await expect(store.head(a, 'not-an-id')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never serves items whose ttl has passed (DynamoDB Local never deletes them)', async () => {
    const org = newOrg();
    const gone = await store.create(org, doc('Expired'));
    const kept = await store.create(org, doc('Kept'));
    await store.save(org, kept.id, 1, doc('Kept2'));
    const past = { N: String(Math.floor(Date.now() / 1000) - 60) };
    const expire = (id: string, sk: string) =>
      ddb.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { PK: { S: scenarioPk(org, id) }, SK: { S: sk } },
          UpdateExpression: 'SET #ttl = :t',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':t': past },
        }),
      );
    await expire(gone.id, HEAD_SK);
    await expire(kept.id, versionSk(2));
    const raw = await ddb.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { PK: { S: scenarioPk(org, gone.id) }, SK: { S: HEAD_SK } },
      }),
    );
    expect(raw.Item).toBeDefined(); // still there: only our reads hide it

    await expect(store.head(org, gone.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.version(org, gone.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.version(org, gone.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.save(org, gone.id, 1, doc('Revive'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.archive(org, gone.id, 'x')).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.list(org, page())).items.map((h) => h.id)).toEqual([kept.id]);

    await expect(store.version(org, kept.id, 2)).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.history(org, kept.id, page())).items.map((v) => v.version)).toEqual([1]);
  });
});

describe('the cursor secret read from Secrets Manager (a function)', () => {
  it('is read at the first listing only, never for reads and saves, and once per store', async () => {
    const reads: string[] = [];
    const lazy = new DynamoScenarioStore({
      client: ddb,
      tableName: TABLE,
      cursorSecret: async () => {
        reads.push('read');
        return SECRET;
      },
    });
    const org = newOrg();
    const v1 = await lazy.create(org, doc('L'));
    await lazy.save(org, v1.id, 1, doc('L1'));
    await lazy.version(org, v1.id, 1);
    await lazy.head(org, v1.id);
    expect(reads).toEqual([]);
    await lazy.create(org, doc('M'));
    const first = await lazy.list(org, page(1));
    const second = await lazy.list(org, page(1, first.nextCursor));
    expect(reads).toEqual(['read']);
    // The same secret as a value: cursors of one decode in the other.
    expect((await store.list(org, page(1, first.nextCursor))).items).toEqual(second.items);
  });

  it('is read again at the next listing when a read failed (nothing cached but a success)', async () => {
    let calls = 0;
    const lazy = new DynamoScenarioStore({
      client: ddb,
      tableName: TABLE,
      cursorSecret: async () => {
        calls++;
        if (calls === 1) throw new Error('Secrets Manager unavailable');
        return SECRET;
      },
    });
    const org = newOrg();
    await lazy.create(org, doc('R'));
    await expect(lazy.list(org, page())).rejects.toThrow(/Secrets Manager unavailable/);
    expect((await lazy.list(org, page())).items.map((h) => h.name)).toEqual(['R']);
    expect(calls).toBe(2);
  });
});
