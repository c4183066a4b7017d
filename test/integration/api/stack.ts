import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevAuthConfig } from '../../../functions/auth/authConfig.ts';
import { devKeySource, mintDevToken, type DevTokenRequest } from '../../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../../functions/auth/verifyToken.ts';
import { buildApi } from '../../../functions/compose.ts';
import { serveLambda } from '../../../functions/local/httpAdapter.ts';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../../functions/store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from '../../../functions/store/dynamoSimulationStore.ts';
import { storageProbe } from '../../../functions/store/storageProbe.ts';
import {
  type LocalSimulationRunner,
  createLocalSimulationRunner,
} from '../../../functions/simulations/localRunner.ts';
import { simulationRoutes } from '../../../functions/routes/simulations.ts';
import { tableSpec } from '../../../shared/contract/storage/tableSpec.ts';

export interface Stack {
  url: string;
  scenarios: DynamoScenarioStore;
  runs: DynamoSimulationStore;
  runner: LocalSimulationRunner;
  token(org: string, user?: string, extra?: Partial<DevTokenRequest>): Promise<string>;
  /** Resolves when no simulation job is running or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The real API (real handlers, DynamoDB Local, dev-issuer tokens) behind the real local HTTP adapter on
 *  127.0.0.1: what `npm start` runs, minus the add-in server. */
export async function startStack(
  endpoint: string,
  options: { rateLimit?: { perSecond: number; burst: number }; tableName?: string } = {},
): Promise<Stack> {
  const tableName = options.tableName ?? tableSpec.defaultTableName;
  const keyDir = mkdtempSync(join(tmpdir(), 'pacs-dev-issuer-'));
  const config = loadDevAuthConfig({ PACS_DEV_KEY_DIR: keyDir });
  const client = createDynamoClient({ endpoint, region: 'eu-west-2' });
  const scenarios = new DynamoScenarioStore({
    client,
    tableName,
    cursorSecret: 'e2e-cursor-secret-0123456789',
  });
  const runs = new DynamoSimulationStore({ client, tableName });
  const runner = createLocalSimulationRunner(runs, { workers: 2, progressEveryMs: 50 });
  const handler = buildApi({
    scenarios,
    verify: createVerifier(config, await devKeySource(keyDir)),
    extraRoutes: simulationRoutes(scenarios, runs, runner),
    storageHealth: storageProbe(client, tableName),
    rateLimit: options.rateLimit ?? { perSecond: 10_000, burst: 10_000 },
  });
  const server = await serveLambda(handler, { port: 0 });
  return {
    url: server.url,
    scenarios,
    runs,
    runner,
    token: (org, user = 'alice', extra = {}) =>
      mintDevToken({ org, user, name: `${user} (${org})`, ...extra }, keyDir),
    idle: () => runner.idle(),
    close: async () => {
      await runner.idle();
      await server.close();
      client.destroy();
    },
  };
}

/** A fresh ODS-style organisation code per test (5 characters, A-Z0-9). */
export const newOrgCode = () => `Q${randomBytes(3).toString('hex').toUpperCase().slice(0, 4)}`;

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected freely in tests
type Json = any;

export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparsed: text };
  }
  return { status: res.status, headers: res.headers, json };
}
