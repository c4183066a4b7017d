import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { loadDevAuthConfig } from '../../functions/auth/authConfig.ts';
import { devKeySource, mintDevToken } from '../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../functions/auth/verifyToken.ts';
import { buildApi } from '../../functions/compose.ts';
import { json } from '../../functions/http/response.ts';
import type { Route } from '../../functions/http/router.ts';
import { serveLambda } from '../../functions/local/httpAdapter.ts';
import { simulationRoutes } from '../../functions/routes/simulations.ts';
import { createLocalSimulationRunner } from '../../functions/simulations/index.ts';
import { createDynamoClient } from '../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../functions/store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from '../../functions/store/dynamoSimulationStore.ts';
import { tableSpec } from '../../shared/contract/storage/index.ts';

export interface PaneStack {
  /** The built pane, served over HTTP on 127.0.0.1 (its own origin, as the add-in server is in production). */
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

/** What `npm start` runs for the pane: the pane's files on one origin, the API on another (CORS as deployed),
 *  DynamoDB Local behind it, simulation workers, and the development sign-in the pane uses. */
export async function startPaneStack(endpoint: string, paneDir: string): Promise<PaneStack> {
  const files = await serveDir(paneDir);
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
  // The development sign-in the pane calls (POST /dev/sign-in {org, user, name?}): the same dev issuer as the
  // API's verifier. Stands in for the local service's route until it lands on main (issue 10).
  const devSignIn: Route = {
    method: 'POST',
    path: '/dev/sign-in',
    public: true,
    handler: async (req) => {
      const body = req.body() as { org?: string; user?: string; name?: string; ttlSeconds?: number };
      const token = await mintDevToken(
        {
          org: String(body.org ?? ''),
          user: String(body.user ?? ''),
          ...(body.name ? { name: body.name } : {}),
          ...(body.ttlSeconds ? { ttlSeconds: body.ttlSeconds } : {}),
        },
        keyDir,
      );
      return json(200, { token });
    },
  };
  const handler = buildApi({
    scenarios,
    verify: createVerifier(config, await devKeySource(keyDir)),
    extraRoutes: [...simulationRoutes(scenarios, runs, runner), devSignIn],
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
  const api = await serveLambda(handler, { port: 0, cors: { origins: [paneUrl] } });
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
