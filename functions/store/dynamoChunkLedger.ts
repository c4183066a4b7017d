import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { RUN_CHUNK_PREFIX, RUN_SK, runChunkSk, runPk } from '../../shared/contract/storage/index.ts';
import { type Item, N, S, isLive, num, str } from './attrs.ts';
import { queryPrefix } from './chunks.ts';
import { conditionFailure, guard } from './dynamoErrors.ts';
import type { OrgId } from './ports.ts';
import type { RunStatus } from './simulationPorts.ts';
import { transactWrite } from './transact.ts';

/** A finished chunk of a run: trials [from, to) and the SHA-256 (hex) of its encoded outcomes. */
export interface ChunkRecord {
  from: number;
  to: number;
  sha256: string;
}

/** recorded: first time, progress advanced. duplicate: the same chunk with the same bytes was recorded before (a
 *  retry), nothing changed. mismatch: recorded before with other bytes (a determinism bug). inactive: the run is
 *  cancelled, finished or gone, nothing changed. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'mismatch' | 'inactive';

/** Ledger of a run's finished chunks for the Step Functions runtime, where chunks run in parallel Lambdas and any
 *  of them may be delivered twice. */
export interface ChunkLedger {
  /** Records `chunk` once and adds its trials to the run's progress (of `total`), atomically. */
  record(org: OrgId, runId: string, chunk: ChunkRecord, total: number): Promise<RecordOutcome>;
  /** The recorded chunks in trial order. */
  list(org: OrgId, runId: string): Promise<ChunkRecord[]>;
  /** The run's status, or 'gone' when it does not exist (or expired). */
  status(org: OrgId, runId: string): Promise<RunStatus | 'gone'>;
}

export interface DynamoChunkLedgerOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long chunk items are kept; default 30 days, as runs. */
  ttlSeconds?: number;
  now?: () => Date;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The conditional write per run and chunk: one transaction puts the chunk item (only if absent) and adds the
 *  chunk's trials to the RUN item's progress (only while the run is queued or running). A retried chunk finds its
 *  item and counts nothing twice; a chunk finishing after a cancel changes nothing. */
export class DynamoChunkLedger implements ChunkLedger {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => Date;

  constructor(options: DynamoChunkLedgerOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? 30 * 24 * 3600;
    this.#now = options.now ?? (() => new Date());
  }

  async record(org: OrgId, runId: string, chunk: ChunkRecord, total: number): Promise<RecordOutcome> {
    const { from, to, sha256 } = chunk;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from || to > total)
      throw new Error(`chunk [${from}, ${to}) is not inside a run of ${total} trials`);
    if (!HEX64.test(sha256)) throw new Error('chunk sha256 must be 64 hex digits');
    const pk = runPk(org, runId);
    const nowS = Math.floor(this.#now().getTime() / 1000);
    return guard(async () => {
      const outcome = await transactWrite(this.#client, [
        {
          Put: {
            TableName: this.#table,
            Item: {
              PK: S(pk),
              SK: S(runChunkSk(from)),
              from: N(from),
              to: N(to),
              sha256: S(sha256),
              ttl: N(nowS + this.#ttlSeconds),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: {
            TableName: this.#table,
            Key: { PK: S(pk), SK: S(RUN_SK) },
            UpdateExpression:
              'SET #status = :running, progressTotal = :total, updatedAt = :at ADD progressDone :n',
            ConditionExpression: 'attribute_exists(PK) AND #ttl > :now AND #status IN (:queued, :running)',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':running': S('running'),
              ':queued': S('queued'),
              ':total': N(total),
              ':at': S(this.#now().toISOString()),
              ':n': N(to - from),
              ':now': N(nowS),
            },
          },
        },
      ]);
      if (outcome.committed) return 'recorded';
      if (conditionFailure(outcome.reasons, 1).conditionFailed) return 'inactive';
      const existing = conditionFailure(outcome.reasons, 0).item;
      if (!existing) throw new Error(`chunk ${from} of run ${runId}: transaction cancelled without a reason`);
      return str(existing, 'sha256') === sha256 && num(existing, 'to') === to ? 'duplicate' : 'mismatch';
    });
  }

  async list(org: OrgId, runId: string): Promise<ChunkRecord[]> {
    return guard(async () => {
      const items = await queryPrefix(this.#client, this.#table, runPk(org, runId), RUN_CHUNK_PREFIX);
      return items
        .map((it) => ({ from: num(it, 'from'), to: num(it, 'to'), sha256: str(it, 'sha256') }))
        .sort((a, b) => a.from - b.from);
    });
  }

  async status(org: OrgId, runId: string): Promise<RunStatus | 'gone'> {
    return guard(async () => {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { PK: S(runPk(org, runId)), SK: S(RUN_SK) },
          ProjectionExpression: '#status, #ttl',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ConsistentRead: true,
        }),
      );
      const item: Item | undefined = out.Item;
      if (!isLive(item, Math.floor(this.#now().getTime() / 1000))) return 'gone';
      return str(item, 'status') as RunStatus;
    });
  }
}
