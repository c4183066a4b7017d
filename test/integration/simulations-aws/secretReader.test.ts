import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretReader } from '../../../functions/secrets/secretReader.ts';

/* Secrets Manager cannot run here: a stand-in on 127.0.0.1 speaks its wire protocol (AWS JSON 1.1,
 * X-Amz-Target: secretsmanager.GetSecretValue) so the real SDK client and Powertools' provider are exercised. */

const secrets: Record<string, string> = {
  'arn:aws:secretsmanager:eu-west-2:1:secret:cursor': 'x'.repeat(64),
  short: 'abc',
};
const calls: string[] = [];
const server = createServer(async (req: IncomingMessage, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const target = req.headers['x-amz-target'];
  const { SecretId } = JSON.parse(body);
  calls.push(`${target} ${SecretId}`);
  const value = secrets[SecretId];
  res.setHeader('content-type', 'application/x-amz-json-1.1');
  if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
    res.statusCode = 400;
    res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
    res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
    return;
  }
  res.end(JSON.stringify({ ARN: SecretId, Name: 'cursor', SecretString: value, VersionId: 'v1' }));
});
let client: SecretsManagerClient;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await new Promise((r) => server.close(r));
});

describe('cursor secret from Secrets Manager', () => {
  it('reads the value once and serves it from memory within maxAge', async () => {
    const read = createSecretReader({ client, maxAgeSeconds: 3600 });
    const arn = 'arn:aws:secretsmanager:eu-west-2:1:secret:cursor';
    expect(await read(arn)).toBe('x'.repeat(64));
    expect(await read(arn)).toBe('x'.repeat(64));
    expect(calls.filter((c) => c.endsWith(arn))).toEqual([`secretsmanager.GetSecretValue ${arn}`]);
  });

  it('asks again once maxAge has passed (rotation reaches warm instances)', async () => {
    const read = createSecretReader({ client, maxAgeSeconds: 0 });
    const before = calls.length;
    await read('arn:aws:secretsmanager:eu-west-2:1:secret:cursor');
    await read('arn:aws:secretsmanager:eu-west-2:1:secret:cursor');
    expect(calls.length - before).toBe(2);
  });

  it('refuses a secret too short to sign with, and reports a missing one', async () => {
    const read = createSecretReader({ client, maxAgeSeconds: 60 });
    await expect(read('short')).rejects.toThrow(/at least 16 characters/);
    await expect(read('missing')).rejects.toThrow();
  });
});
