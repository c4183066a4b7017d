// The floor under scenarioRead.ts: the same three DynamoDB calls (GetItem head, GetItem version, Query chunks, in
// parallel, strongly consistent) signed by hand with SigV4 (node:crypto) over a keep-alive node:http agent, and the
// same body decoding. What any client must do for that read; measured beside the SDK, never used by the product
// (no retries, no timeouts, no credential chain).
import { createHash, createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { decodeBody } from '../../functions/store/bodyCodec.ts';
import { bodyChunkPrefix, HEAD_SK, scenarioPk, versionSk } from '../../shared/contract/storage/index.ts';
import type { ReadTarget } from './readTarget.ts';

const agent = new Agent({ keepAlive: true });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

type AttributeMap = Record<string, { S?: string; N?: string; B?: string }>;

function call(t: ReadTarget, target: string, body: unknown): Promise<Record<string, unknown>> {
  const url = new URL(t.endpoint);
  const payload = JSON.stringify(body);
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-target': `DynamoDB_20120810.${target}`,
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    'POST',
    '/',
    '',
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    sha256(payload),
  ];
  const scope = `${day}/${t.region}/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical.join('\n'))].join('\n');
  let key = hmac('AWS4local', day);
  for (const part of [t.region, 'dynamodb', 'aws4_request']) key = hmac(key, part);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmac(key, toSign).toString('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
          if (res.statusCode === 200) resolve(json);
          else reject(new Error(`${target}: ${res.statusCode} ${JSON.stringify(json)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function run(t: ReadTarget): Promise<unknown> {
  const pk = scenarioPk(t.org, t.id);
  const key = (sk: string) => ({ PK: { S: pk }, SK: { S: sk } });
  const prefix = bodyChunkPrefix(t.version);
  const [head, version, chunks] = await Promise.all([
    call(t, 'GetItem', { TableName: t.table, Key: key(HEAD_SK), ConsistentRead: true }),
    call(t, 'GetItem', { TableName: t.table, Key: key(versionSk(t.version)), ConsistentRead: true }),
    call(t, 'Query', {
      TableName: t.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: prefix } },
      ConsistentRead: true,
    }),
  ]);
  const item = version.Item as AttributeMap | undefined;
  if (head.Item === undefined || item === undefined) throw new Error('stored scenario not found');
  const data = (chunks.Items as AttributeMap[])
    .sort((a, b) => (a.SK!.S! < b.SK!.S! ? -1 : 1))
    .map((it) => Buffer.from(it.data!.B!, 'base64'));
  return decodeBody(data, item.sha256!.S!);
}
