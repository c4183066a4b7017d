import {
  type DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { NotFoundError } from '../../shared/contract/errors/index.ts';
import { ValidationError } from '../../shared/core/base/index.ts';
import { parseWith } from '../../shared/core/scenario/index.ts';
import { IdempotencyKey } from '../../shared/contract/wire/index.ts';
import {
  IDEM_SK,
  idempotencyPk,
  RUN_REQUEST_PREFIX,
  RUN_RESULT_PREFIX,
  RUN_SK,
  runPk,
} from '../../shared/contract/storage/index.ts';
import { type Item, isLive, N, num, optNum, optStr, S, str } from './attrs.ts';
import { decodeBody, encodeBody } from './bodyCodec.ts';
import { chunkPuts, collectChunks, queryPrefix } from './chunks.ts';
import { conditionFailure, guard } from './dynamoErrors.ts';
import { newId } from './ids.ts';
import type { OrgId } from './ports.ts';
import {
  INTERRUPTED,
  type RunFailure,
  type RunProgress,
  type RunRecord,
  type RunStatus,
  type SimulationRun,
  type SimulationStore,
} from './simulationPorts.ts';
import { transactWrite } from './transact.ts';

export interface DynamoSimulationStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long a run (and its idempotency key) is kept; default 30 days. */
  ttlSeconds?: number;
  now?: () => Date;
}

const ACTIVE = '#status IN (:queued, :running)';
/** Visible ASCII, bounded: it becomes part of a partition key. */

/** SimulationStore on the single table: a small RUN item (status, progress; rewritten by every progress update)
 *  with the request and result gzip bodies in separate REQ#/RES# chunk items, so progress writes stay 1 WCU. */
export class DynamoSimulationStore implements SimulationStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => Date;

  constructor(options: DynamoSimulationStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? 30 * 24 * 3600;
    this.#now = options.now ?? (() => new Date());
  }

  async create(
    org: OrgId,
    idempotencyKey: string,
    request: unknown,
  ): Promise<{ run: SimulationRun; created: boolean }> {
    parseWith(IdempotencyKey, idempotencyKey, 'Idempotency-Key');
    const body = await encodeBody(request, 'request');
    return guard(async () => {
      for (;;) {
        const id = newId('r_');
        const at = this.#now().toISOString();
        const nowS = this.#nowSeconds();
        const ttl = N(nowS + this.#ttlSeconds);
        const pk = runPk(org, id);
        const run: Item = {
          PK: S(pk),
          SK: S(RUN_SK),
          id: S(id),
          org: S(org),
          status: S('queued'),
          progressDone: N(0),
          progressTotal: N(0),
          createdAt: S(at),
          updatedAt: S(at),
          ttl,
          requestSha256: S(body.sha256),
          requestChunks: N(body.chunks.length),
        };
        // Idempotency item and run in one transaction: a retried POST either finds the key or creates both.
        const outcome = await transactWrite(this.#client, [
          {
            Put: {
              TableName: this.#table,
              Item: {
                PK: S(idempotencyPk(org, idempotencyKey)),
                SK: S(IDEM_SK),
                runId: S(id),
                requestSha256: S(body.sha256),
                createdAt: S(at),
                ttl,
              },
              // An expired key (TTL not yet applied) may be reused.
              ConditionExpression: 'attribute_not_exists(PK) OR #ttl <= :now',
              ExpressionAttributeNames: { '#ttl': 'ttl' },
              ExpressionAttributeValues: { ':now': N(nowS) },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Put: { TableName: this.#table, Item: run, ConditionExpression: 'attribute_not_exists(PK)' } },
          ...chunkPuts(this.#table, pk, RUN_REQUEST_PREFIX, body.chunks, { ttl }),
        ]);
        if (outcome.committed) return { run: { ...toRecord(run), request }, created: true };
        const idem = conditionFailure(outcome.reasons, 0);
        if (!idem.conditionFailed || !idem.item) continue; // run id clash: draw another
        if (str(idem.item, 'requestSha256') !== body.sha256) {
          throw new ValidationError([
            { field: 'Idempotency-Key', message: 'was already used for a different request; use a new key' },
          ]);
        }
        return { run: await this.get(org, str(idem.item, 'runId'), { withResult: false }), created: false };
      }
    });
  }

  async get(org: OrgId, id: string, options: { withResult?: boolean } = {}): Promise<SimulationRun> {
    return guard(async () => {
      const pk = runPk(org, id);
      const [item, requestItems, resultItems] = await Promise.all([
        this.#getRun(org, id),
        queryPrefix(this.#client, this.#table, pk, RUN_REQUEST_PREFIX),
        options.withResult === false ? [] : queryPrefix(this.#client, this.#table, pk, RUN_RESULT_PREFIX),
      ]);
      const now = this.#nowSeconds();
      const request = await decodeBody(
        collectChunks(requestItems, RUN_REQUEST_PREFIX, num(item, 'requestChunks'), now),
        str(item, 'requestSha256'),
      );
      const run: SimulationRun = { ...toRecord(item), request };
      const resultChunks = optNum(item, 'resultChunks');
      if (options.withResult !== false && resultChunks !== undefined) {
        run.result = await decodeBody(
          collectChunks(resultItems, RUN_RESULT_PREFIX, resultChunks, now),
          str(item, 'resultSha256'),
        );
      }
      return run;
    });
  }

  async updateProgress(org: OrgId, id: string, progress: RunProgress): Promise<RunRecord> {
    const { done, total } = progress;
    if (!Number.isInteger(done) || !Number.isInteger(total) || done < 0 || total < 0 || done > total) {
      throw new ValidationError([
        { field: 'progress', message: 'needs whole numbers with 0 <= done <= total' },
      ]);
    }
    return this.#transition(
      org,
      id,
      'SET #status = :to, progressDone = :done, progressTotal = :total, updatedAt = :at',
      'running',
      {
        ':done': N(done),
        ':total': N(total),
      },
    );
  }

  async complete(org: OrgId, id: string, result: unknown): Promise<RunRecord> {
    const body = await encodeBody(result, 'result');
    return guard(async () => {
      // Read first: a finished run is answered without writing the (possibly large) result at all.
      const before = toRecord(await this.#getRun(org, id));
      if (!isActive(before.status)) return before;
      const at = this.#now().toISOString();
      const pk = runPk(org, id);
      const outcome = await transactWrite(this.#client, [
        {
          Update: {
            TableName: this.#table,
            Key: { PK: S(pk), SK: S(RUN_SK) },
            UpdateExpression:
              'SET #status = :to, progressDone = progressTotal, updatedAt = :at, resultSha256 = :sha, resultChunks = :chunks',
            ConditionExpression: ACTIVE,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ...statusValues(),
              ':to': S('succeeded'),
              ':at': S(at),
              ':sha': S(body.sha256),
              ':chunks': N(body.chunks.length),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...chunkPuts(this.#table, pk, RUN_RESULT_PREFIX, body.chunks, { ttl: N(before.ttl) }),
      ]);
      if (outcome.committed) {
        return {
          ...before,
          status: 'succeeded',
          progress: { ...before.progress, done: before.progress.total },
          updatedAt: at,
        };
      }
      const run = conditionFailure(outcome.reasons, 0);
      // Finished (cancelled, failed) between our read and our write: report it as it now stands.
      if (!run.conditionFailed) throw new Error(`run ${id}: result items exist although the run was active`);
      if (isLive(run.item, this.#nowSeconds())) return toRecord(run.item);
      throw new NotFoundError('run');
    });
  }

  async fail(org: OrgId, id: string, error: RunFailure): Promise<RunRecord> {
    return this.#transition(
      org,
      id,
      'SET #status = :to, updatedAt = :at, errorCode = :code, errorMessage = :msg',
      'failed',
      {
        ':code': S(error.code),
        ':msg': S(error.message),
      },
    );
  }

  async cancel(org: OrgId, id: string): Promise<RunRecord> {
    return this.#transition(org, id, 'SET #status = :to, updatedAt = :at', 'cancelled', {});
  }

  async requeueInterrupted(org: OrgId, id: string): Promise<RunRecord> {
    return this.#conditionalUpdate(org, id, {
      update:
        'SET #status = :queued, progressDone = :zero, progressTotal = :zero, updatedAt = :at REMOVE errorCode, errorMessage',
      condition: '#status = :failed AND errorCode = :code',
      values: { ':queued': S('queued'), ':failed': S('failed'), ':code': S(INTERRUPTED), ':zero': N(0) },
    });
  }

  async unfinished(): Promise<{ org: OrgId; id: string }[]> {
    return guard(async () => {
      const found: { org: OrgId; id: string; createdAt: string }[] = [];
      let start: Item | undefined;
      do {
        const out = await this.#client.send(
          new ScanCommand({
            TableName: this.#table,
            FilterExpression: `SK = :run AND #ttl > :now AND ${ACTIVE}`,
            ProjectionExpression: 'id, org, createdAt',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ...statusValues(),
              ':run': S(RUN_SK),
              ':now': N(this.#nowSeconds()),
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? [])
          found.push({
            org: str(item, 'org') as OrgId,
            id: str(item, 'id'),
            createdAt: str(item, 'createdAt'),
          });
        start = out.LastEvaluatedKey;
      } while (start);
      return found
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map(({ org, id }) => ({ org, id }));
    });
  }

  /** One conditional UpdateItem out of queued/running; a finished run is returned unchanged. */
  #transition(org: OrgId, id: string, update: string, to: RunStatus, values: Item): Promise<RunRecord> {
    return this.#conditionalUpdate(org, id, {
      update,
      condition: ACTIVE,
      values: { ...statusValues(), ...values, ':to': S(to) },
    });
  }

  /** An UpdateItem of a live run under `condition`: the run as written, or (the condition not met) the run as it
   *  stands; a missing or expired run is NotFoundError. `:at` (now) and `:now` (TTL seconds) are supplied. */
  #conditionalUpdate(
    org: OrgId,
    id: string,
    change: { update: string; condition: string; values: Item },
  ): Promise<RunRecord> {
    return guard(async () => {
      try {
        const out = await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { PK: S(runPk(org, id)), SK: S(RUN_SK) },
            UpdateExpression: change.update,
            ConditionExpression: `attribute_exists(PK) AND #ttl > :now AND ${change.condition}`,
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ...change.values,
              ':at': S(this.#now().toISOString()),
              ':now': N(this.#nowSeconds()),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return toRecord(out.Attributes ?? {});
      } catch (err) {
        const e = err as { name?: string; Item?: Item };
        if (e.name !== 'ConditionalCheckFailedException') throw err;
        if (isLive(e.Item, this.#nowSeconds())) return toRecord(e.Item);
        throw new NotFoundError('run');
      }
    });
  }

  async #getRun(org: OrgId, id: string): Promise<Item> {
    const out = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { PK: S(runPk(org, id)), SK: S(RUN_SK) },
        ConsistentRead: true,
      }),
    );
    if (!isLive(out.Item, this.#nowSeconds())) throw new NotFoundError('run');
    return out.Item;
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

const isActive = (status: RunStatus): boolean => status === 'queued' || status === 'running';

const statusValues = (): Item => ({ ':queued': S('queued'), ':running': S('running') });

function toRecord(item: Item): RunRecord {
  const code = optStr(item, 'errorCode');
  return {
    id: str(item, 'id'),
    org: str(item, 'org') as OrgId,
    status: str(item, 'status') as RunStatus,
    progress: { done: num(item, 'progressDone'), total: num(item, 'progressTotal') },
    ...(code === undefined ? {} : { error: { code, message: optStr(item, 'errorMessage') ?? '' } }),
    createdAt: str(item, 'createdAt'),
    updatedAt: str(item, 'updatedAt'),
    ttl: num(item, 'ttl'),
  };
}
