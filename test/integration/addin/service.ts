// The real PACS service for add-in tests: the Lambda handlers behind the local HTTP adapter on 127.0.0.1, with
// DynamoDB Local, the simulation runner and the development sign-in, as `npm start` runs them; plus what the
// tests need to watch and break it: a log of every request, a gate to hold one, stop and restart on the port.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevAuthConfig } from '../../../functions/auth/authConfig.ts';
import { devKeySource } from '../../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../../functions/auth/verifyToken.ts';
import { buildApi } from '../../../functions/compose.ts';
import type { HttpApiEvent } from '../../../functions/http/lambdaTypes.ts';
import { devSignInRoute } from '../../../functions/local/devSignIn.ts';
import { serveLambda } from '../../../functions/local/httpAdapter.ts';
import { simulationRoutes } from '../../../functions/routes/simulations.ts';
import { createLocalSimulationRunner } from '../../../functions/simulations/index.ts';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../../functions/store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from '../../../functions/store/dynamoSimulationStore.ts';
import { tableSpec } from '../../../shared/contract/storage/index.ts';

export interface LoggedRequest {
  method: string;
  path: string;
  /** POST /v1/calc: its operations. */
  ops?: { fn: string; args: unknown[]; overrides?: unknown }[];
  /** Settles when the service has answered it (a request is logged when it arrives). */
  answered?: Promise<unknown>;
}

export interface Service {
  url: string;
  /** Every request that reached the API, in order (the development sign-in excluded). */
  log: LoggedRequest[];
  calcRequests(): LoggedRequest[];
  /** Resolves when a request matching `match` has arrived (now or later). */
  seen(match: (r: LoggedRequest) => boolean): Promise<LoggedRequest>;
  /** Holds the next request matching `match` until the returned release is called. */
  hold(match: (r: LoggedRequest) => boolean): { reached: Promise<void>; release(): void };
  /** Stops answering: closes the port and drops open connections (a crash, as the client sees it). */
  stop(): Promise<void>;
  /** Starts again on the same port; `newKeys` makes earlier tokens invalid (a key rotation). */
  restart(options?: { newKeys?: boolean }): Promise<void>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A new ODS-style organisation per test, so tests never see each other's scenarios. */
export const newOrg = () => `Q${randomBytes(3).toString('hex').toUpperCase().slice(0, 4)}`;

export async function startService(endpoint: string): Promise<Service> {
  const client = createDynamoClient({ endpoint, region: 'eu-west-2' });
  const scenarios = new DynamoScenarioStore({
    client,
    tableName: tableSpec.defaultTableName,
    cursorSecret: 'addin-cursor-secret-0123456789',
  });
  const runs = new DynamoSimulationStore({ client, tableName: tableSpec.defaultTableName });
  const runner = createLocalSimulationRunner(runs, { workers: 2, progressEveryMs: 50 });
  const log: LoggedRequest[] = [];
  const holds: { match: (r: LoggedRequest) => boolean; reached: () => void; gate: Promise<void> }[] = [];
  const watchers = new Set<(r: LoggedRequest) => void>();
  let port = 0;
  let server: Awaited<ReturnType<typeof serveLambda>> | undefined;

  const listen = async (keyDir: string) => {
    const auth = loadDevAuthConfig({ PACS_DEV_KEY_DIR: keyDir });
    const api = buildApi({
      scenarios,
      verify: createVerifier(auth, await devKeySource(keyDir)),
      extraRoutes: simulationRoutes(scenarios, runs, runner),
      rateLimit: { perSecond: 100_000, burst: 100_000 },
    });
    const logged = async (event: HttpApiEvent) => {
      let answered = () => {};
      const entry: LoggedRequest = {
        method: event.requestContext.http.method,
        path: event.rawPath,
        answered: new Promise<void>((resolve) => {
          answered = resolve;
        }),
      };
      if (entry.path === '/v1/calc' && event.body)
        entry.ops = (
          JSON.parse(Buffer.from(event.body, 'base64').toString('utf8')) as { ops: LoggedRequest['ops'] }
        ).ops;
      log.push(entry);
      for (const w of [...watchers]) w(entry);
      const i = holds.findIndex((h) => h.match(entry));
      if (i >= 0) {
        const [h] = holds.splice(i, 1);
        h!.reached();
        await h!.gate;
      }
      try {
        return await api(event);
      } finally {
        answered();
      }
    };
    server = await serveLambda(logged, {
      port,
      localRoutes: [devSignInRoute(auth, { origins: ['https://localhost:3000'] })],
    });
    // Longer than any pause between tests, so a kept-alive connection is never closed under a request.
    server.server.keepAliveTimeout = 120_000;
    port = Number(new URL(server.url).port);
  };

  let keyDir = mkdtempSync(join(tmpdir(), 'pacs-addin-keys-'));
  await listen(keyDir);
  const stop = async () => {
    if (!server) return;
    const s = server;
    server = undefined;
    s.server.closeAllConnections();
    await s.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    calcRequests: () => log.filter((r) => r.path === '/v1/calc'),
    seen(match) {
      const already = log.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => {
        const w = (r: LoggedRequest) => {
          if (!match(r)) return;
          watchers.delete(w);
          resolve(r);
        };
        watchers.add(w);
      });
    },
    hold(match) {
      let reached!: () => void;
      let release!: () => void;
      const r = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ match, reached, gate });
      return { reached: r, release };
    },
    stop,
    async restart(options = {}) {
      await stop();
      if (options.newKeys) keyDir = mkdtempSync(join(tmpdir(), 'pacs-addin-keys-'));
      await listen(keyDir);
    },
    idle: () => runner.idle(),
    async close() {
      await runner.idle();
      await stop();
      client.destroy();
    },
  };
}
