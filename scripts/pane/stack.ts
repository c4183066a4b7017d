import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { buildAddin } from '../../addin/build/buildAddin.ts';
import { loadDevAuthConfig } from '../../functions/auth/authConfig.ts';
import { devKeySource, mintDevToken } from '../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../functions/auth/verifyToken.ts';
import { buildApi } from '../../functions/compose.ts';
import { devSignInRoute } from '../../functions/local/devSignIn.ts';
import { serveLambda } from '../../functions/local/httpAdapter.ts';
import { simulationRoutes } from '../../functions/routes/simulations.ts';
import { createLocalSimulationRunner } from '../../functions/simulations/index.ts';
import { createDynamoClient } from '../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../functions/store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from '../../functions/store/dynamoSimulationStore.ts';
import { tableSpec } from '../../shared/contract/storage/index.ts';

export interface PaneStack {
  /** The built add-in (shared-runtime page, functions.js, pane.js), served over HTTP on 127.0.0.1: its own
   *  origin, as the add-in server is in production. */
  paneUrl: string;
  /** The real API (handlers, DynamoDB Local, dev-issuer tokens), with CORS for the pane's origin. */
  apiUrl: string;
  token(org: string, user?: string): Promise<string>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.txt': 'text/plain',
};

function serveDir(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^\/+/,
      '',
    );
    const file = join(dir, path || 'taskpane.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What `npm start` runs for the pane: the add-in built for this API (development sign-in) and served from one
 *  origin, the API on another (CORS as deployed) with the local development sign-in, DynamoDB Local behind it,
 *  simulation workers. */
export async function startPaneStack(endpoint: string): Promise<PaneStack> {
  const dir = mkdtempSync(join(tmpdir(), 'pacs-addin-pane-'));
  const files = await serveDir(dir);
  const paneUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'pacs-pane-issuer-'));
  const config = loadDevAuthConfig({ PACS_DEV_KEY_DIR: keyDir });
  const client = createDynamoClient({ endpoint, region: 'eu-west-2' });
  const scenarios = new DynamoScenarioStore({
    client,
    tableName: tableSpec.defaultTableName,
    cursorSecret: 'pane-cursor-secret-0123456789',
  });
  const runs = new DynamoSimulationStore({ client, tableName: tableSpec.defaultTableName });
  const runner = createLocalSimulationRunner(runs, { workers: 1, progressEveryMs: 50 });
  const handler = buildApi({
    scenarios,
    verify: createVerifier(config, await devKeySource(keyDir)),
    extraRoutes: simulationRoutes(scenarios, runs, runner),
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
  const api = await serveLambda(handler, {
    port: 0,
    cors: { origins: [paneUrl] },
    localRoutes: [devSignInRoute(config, { origins: [paneUrl] })],
  });
  await buildAddin({
    outDir: dir,
    config: { apiUrl: api.url, auth: { mode: 'development' }, build: 'test' },
  });
  return {
    paneUrl,
    apiUrl: api.url,
    token: (org, user = 'alice') => mintDevToken({ org, user, name: `${user} (${org})` }, keyDir),
    idle: () => runner.idle(),
    close: async () => {
      await runner.idle();
      await api.close();
      await new Promise<void>((r) => files.close(() => r()));
      client.destroy();
    },
  };
}
