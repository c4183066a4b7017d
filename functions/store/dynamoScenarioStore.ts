import {
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  ScenarioId,
  type ScenarioHead,
  type ScenarioVersion,
  type VersionInfo,
} from '../../shared/contract/wire/index.ts';
import { NotFoundError, VersionConflictError } from '../../shared/contract/errors/index.ts';
import { ValidationError } from '../../shared/core/base/index.ts';
import {
  bodyChunkPrefix,
  HEAD_SK,
  scenarioPk,
  scenariosGsiPk,
  scenariosGsiSk,
  VERSION_PREFIX,
  versionSk,
} from '../../shared/contract/storage/index.ts';
import { BOOL, bool, type Item, isLive, N, num, S, str } from './attrs.ts';
import { decodeBody, type EncodedBody, encodeBody } from './bodyCodec.ts';
import { chunkPuts, collectChunks, queryPrefix } from './chunks.ts';
import { CursorCodec } from './cursor.ts';
import { conditionFailure, guard } from './dynamoErrors.ts';
import { newId } from './ids.ts';
import { queryPage } from './paginate.ts';
import type { NewVersion, OrgId, Page, PageRequest, ScenarioStore } from './ports.ts';
import { transactWrite } from './transact.ts';

export interface DynamoScenarioStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Server secret for the cursor HMAC (at least 16 bytes), or how to read it (Secrets Manager in AWS): read at the
   *  first listing, so requests that never page (calculations) never wait for it. */
  cursorSecret: string | Uint8Array | (() => Promise<string>);
  /** Clock, replaceable in tests (TTL checks, timestamps). */
  now?: () => Date;
}

/** ScenarioStore on the single table (serverless-platform §6): a mutable HEAD plus immutable V#n items, each
 *  version's gzip body in B#n#i chunk items; every write is one TransactWriteItems, so nothing is ever half-written. */
export class DynamoScenarioStore implements ScenarioStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #cursorSecret: DynamoScenarioStoreOptions['cursorSecret'];
  #cursorCodec: Promise<CursorCodec> | undefined;
  readonly #now: () => Date;

  constructor(options: DynamoScenarioStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#cursorSecret = options.cursorSecret;
    // A secret given as a value is checked at once (a bad configuration fails at start).
    if (typeof options.cursorSecret !== 'function')
      this.#cursorCodec = Promise.resolve(new CursorCodec(options.cursorSecret));
    this.#now = options.now ?? (() => new Date());
  }

  /** The cursor codec, its secret read at the first use (a failed read is tried again at the next). */
  #cursors(): Promise<CursorCodec> {
    const secret = this.#cursorSecret;
    if (this.#cursorCodec === undefined && typeof secret === 'function')
      this.#cursorCodec = secret().then(
        (s) => new CursorCodec(s),
        (e) => {
          this.#cursorCodec = undefined;
          throw e;
        },
      );
    return this.#cursorCodec!;
  }

  async create(org: OrgId, version: NewVersion): Promise<ScenarioVersion> {
    const body = await encodeBody(version.scenario, 'scenario');
    return guard(async () => {
      // 100 random bits make a clash practically impossible; the condition still guarantees we never overwrite.
      for (;;) {
        const id = newId('s_');
        const at = this.#now().toISOString();
        const pk = scenarioPk(org, id);
        const head: Item = {
          PK: S(pk),
          SK: S(HEAD_SK),
          GSI1PK: S(scenariosGsiPk(org)),
          GSI1SK: S(scenariosGsiSk(at, id)),
          id: S(id),
          name: S(version.name),
          latest: N(1),
          createdAt: S(at),
          createdBy: S(version.author),
          updatedAt: S(at),
          updatedBy: S(version.author),
          archived: BOOL(false),
        };
        const outcome = await transactWrite(this.#client, [
          { Put: { TableName: this.#table, Item: head, ConditionExpression: 'attribute_not_exists(PK)' } },
          ...this.#versionPuts(pk, id, 1, at, version, body),
        ]);
        if (outcome.committed) return this.#written(id, 1, at, version, body);
      }
    });
  }

  async list(org: OrgId, page: PageRequest & { includeArchived?: boolean }): Promise<Page<ScenarioHead>> {
    const limit = checkLimit(page.limit);
    const cursors = await this.#cursors();
    const start = page.cursor === undefined ? undefined : cursors.decode(org, 'list', page.cursor);
    return guard(async () => {
      const now = this.#nowSeconds();
      const { items, next } = await queryPage(
        this.#client,
        {
          TableName: this.#table,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': S(scenariosGsiPk(org)) },
          ScanIndexForward: false,
        },
        {
          limit,
          start,
          accept: (it) => isLive(it, now) && (page.includeArchived === true || !bool(it, 'archived')),
          keyOf: (it) => pick(it, ['PK', 'SK', 'GSI1PK', 'GSI1SK']),
        },
      );
      return { items: items.map(toHead), nextCursor: next && cursors.encode(org, 'list', next) };
    });
  }

  async head(org: OrgId, id: string): Promise<ScenarioHead> {
    return guard(async () => toHead(await this.#getHead(org, id)));
  }

  async version(org: OrgId, id: string, version?: number): Promise<ScenarioVersion> {
    if (version !== undefined && !Number.isInteger(version)) {
      throw new ValidationError([{ field: 'version', message: 'must be a whole number' }]);
    }
    if (!isScenarioId(id)) throw new NotFoundError('scenario');
    return guard(async () => {
      let n: number;
      if (version === undefined) {
        n = num(await this.#getHead(org, id), 'latest');
      } else {
        if (version < 1 || version > 999_999) throw new NotFoundError('scenario version', 'version');
        n = version;
      }
      const pk = scenarioPk(org, id);
      const [, item, chunks] = await Promise.all([
        // An explicit version still needs a live head: an expired scenario is absent as a whole.
        version === undefined ? undefined : this.#getHead(org, id),
        this.#get(pk, versionSk(n)),
        queryPrefix(this.#client, this.#table, pk, bodyChunkPrefix(n)),
      ]);
      if (!item) throw new NotFoundError('scenario version', 'version');
      const info = toVersionInfo(item);
      const data = collectChunks(chunks, bodyChunkPrefix(n), num(item, 'chunks'), this.#nowSeconds());
      return { id, ...info, scenario: await decodeBody(data, info.sha256) };
    });
  }

  async save(org: OrgId, id: string, baseVersion: number, version: NewVersion): Promise<ScenarioVersion> {
    if (!Number.isInteger(baseVersion) || baseVersion < 1) {
      throw new ValidationError([{ field: 'baseVersion', message: 'must be a version number (1 or more)' }]);
    }
    if (!isScenarioId(id)) throw new NotFoundError('scenario');
    const body = await encodeBody(version.scenario, 'scenario');
    return guard(async () => {
      const n = baseVersion + 1;
      const at = this.#now().toISOString();
      const pk = scenarioPk(org, id);
      const outcome = await transactWrite(this.#client, [
        // §6 item 6: the head moves only if it still points at the caller's base version.
        {
          Update: {
            TableName: this.#table,
            Key: { PK: S(pk), SK: S(HEAD_SK) },
            UpdateExpression:
              'SET latest = :n, #name = :name, updatedAt = :at, updatedBy = :by, GSI1SK = :gsk',
            ConditionExpression:
              'attribute_exists(PK) AND latest = :base AND (attribute_not_exists(#ttl) OR #ttl > :now)',
            ExpressionAttributeNames: { '#name': 'name', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':n': N(n),
              ':base': N(baseVersion),
              ':name': S(version.name),
              ':at': S(at),
              ':by': S(version.author),
              ':gsk': S(scenariosGsiSk(at, id)),
              ':now': N(this.#nowSeconds()),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...this.#versionPuts(pk, id, n, at, version, body),
      ]);
      if (outcome.committed) return this.#written(id, n, at, version, body);
      const head = conditionFailure(outcome.reasons, 0);
      if (head.conditionFailed) {
        if (!isLive(head.item, this.#nowSeconds())) throw new NotFoundError('scenario');
        throw new VersionConflictError(num(head.item, 'latest'), baseVersion);
      }
      // The head agreed yet V#n exists: impossible while every write goes through here.
      throw new Error(`scenario ${id}: version ${n} exists although the head's latest is ${baseVersion}`);
    });
  }

  async history(org: OrgId, id: string, page: PageRequest): Promise<Page<VersionInfo>> {
    const limit = checkLimit(page.limit);
    const scope = `history:${id}`;
    const cursors = await this.#cursors();
    const start = page.cursor === undefined ? undefined : cursors.decode(org, scope, page.cursor);
    if (!isScenarioId(id)) throw new NotFoundError('scenario');
    return guard(async () => {
      const now = this.#nowSeconds();
      const [, { items, next }] = await Promise.all([
        this.#getHead(org, id),
        queryPage(
          this.#client,
          {
            TableName: this.#table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
            ExpressionAttributeValues: { ':pk': S(scenarioPk(org, id)), ':v': S(VERSION_PREFIX) },
            ScanIndexForward: false,
            ConsistentRead: true,
          },
          { limit, start, accept: (it) => isLive(it, now), keyOf: (it) => pick(it, ['PK', 'SK']) },
        ),
      ]);
      return { items: items.map(toVersionInfo), nextCursor: next && cursors.encode(org, scope, next) };
    });
  }

  async archive(org: OrgId, id: string, author: string): Promise<ScenarioHead> {
    if (!isScenarioId(id)) throw new NotFoundError('scenario');
    return guard(async () => {
      try {
        // Soft delete, idempotent: a second archive keeps the first one's time and author.
        const out = await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { PK: S(scenarioPk(org, id)), SK: S(HEAD_SK) },
            UpdateExpression:
              'SET archived = :true, archivedAt = if_not_exists(archivedAt, :at), archivedBy = if_not_exists(archivedBy, :by)',
            ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#ttl) OR #ttl > :now)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':true': BOOL(true),
              ':at': S(this.#now().toISOString()),
              ':by': S(author),
              ':now': N(this.#nowSeconds()),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toHead(out.Attributes ?? {});
      } catch (err) {
        if ((err as Error).name === 'ConditionalCheckFailedException') throw new NotFoundError('scenario');
        throw err;
      }
    });
  }

  #versionPuts(
    pk: string,
    id: string,
    n: number,
    at: string,
    version: NewVersion,
    body: EncodedBody,
  ): TransactWriteItem[] {
    const item: Item = {
      PK: S(pk),
      SK: S(versionSk(n)),
      id: S(id),
      version: N(n),
      name: S(version.name),
      author: S(version.author),
      summary: S(version.summary),
      createdAt: S(at),
      sha256: S(body.sha256),
      bytes: N(body.bytes),
      chunks: N(body.chunks.length),
    };
    return [
      // Immutability (§6 item 7): a version item is only ever created, never overwritten.
      { Put: { TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
      ...chunkPuts(this.#table, pk, bodyChunkPrefix(n), body.chunks),
    ];
  }

  #written(id: string, n: number, at: string, version: NewVersion, body: EncodedBody): ScenarioVersion {
    return {
      id,
      version: n,
      author: version.author,
      createdAt: at,
      summary: version.summary,
      sha256: body.sha256,
      bytes: body.bytes,
      scenario: version.scenario,
    };
  }

  async #getHead(org: OrgId, id: string): Promise<Item> {
    if (!isScenarioId(id)) throw new NotFoundError('scenario');
    const item = await this.#get(scenarioPk(org, id), HEAD_SK);
    if (!item) throw new NotFoundError('scenario');
    return item;
  }

  /** A live item or undefined (strongly consistent: a client that just saved must read its own write). */
  async #get(pk: string, sk: string): Promise<Item | undefined> {
    const out = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: { PK: S(pk), SK: S(sk) }, ConsistentRead: true }),
    );
    return isLive(out.Item, this.#nowSeconds()) ? out.Item : undefined;
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

const isScenarioId = (id: string): boolean => ScenarioId.safeParse(id).success;

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ValidationError([{ field: 'limit', message: 'must be a whole number from 1 to 100' }]);
  }
  return limit;
}

function pick(item: Item, names: readonly string[]): Item {
  const key: Item = {};
  for (const name of names) {
    const value = item[name];
    if (value) key[name] = value;
  }
  return key;
}

function toHead(item: Item): ScenarioHead {
  return {
    id: str(item, 'id'),
    name: str(item, 'name'),
    latest: num(item, 'latest'),
    createdAt: str(item, 'createdAt'),
    createdBy: str(item, 'createdBy'),
    updatedAt: str(item, 'updatedAt'),
    updatedBy: str(item, 'updatedBy'),
    archived: bool(item, 'archived'),
  };
}

function toVersionInfo(item: Item): VersionInfo {
  return {
    version: num(item, 'version'),
    author: str(item, 'author'),
    createdAt: str(item, 'createdAt'),
    summary: str(item, 'summary'),
    sha256: str(item, 'sha256'),
    bytes: num(item, 'bytes'),
  };
}
