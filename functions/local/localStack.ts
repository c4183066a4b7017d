import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:https';
import { join } from 'node:path';
import { loadDevAuthConfig } from '../auth/authConfig.ts';
import { devKeySource } from '../auth/devIssuer.ts';
import { createVerifier } from '../auth/verifyToken.ts';
import { buildApi } from '../compose.ts';
import { createDynamoClient } from '../store/dynamoClient.ts';
import { DynamoScenarioStore } from '../store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from '../store/dynamoSimulationStore.ts';
import { storageProbe } from '../store/storageProbe.ts';
import { simulationRoutes } from '../routes/simulations.ts';
import {
  type ResumeReport,
  createLocalSimulationRunner,
  resumeUnfinishedRuns,
} from '../simulations/index.ts';
import { availableParallelism } from 'node:os';
import { tableSpec } from '../../shared/contract/storage/index.ts';
import { ensureDevCertificates } from './devCerts.ts';
import { devSignInRoute } from './devSignIn.ts';
import { createTable } from './dynamodbLocal.ts';
import { superviseDynamoDbLocal } from './dynamoSupervisor.ts';
import { serveLambda } from './httpAdapter.ts';
import { listenError, requirePortFree } from './ports.ts';
import { serveStatic } from './staticServer.ts';

const API = 'the API';
const ADDIN = 'the add-in files';

export interface LocalStackOptions {
  /** Folder for DynamoDB data, dev-issuer keys, certificates and the cursor secret. */
  dataDir: string;
  addinDir: string;
  inMemory: boolean;
  apiPort: number;
  addinPort: number;
  dynamoPort?: number | undefined;
  /** Per-user request rate limit (default: the API's own default). */
  rateLimit?: { perSecond: number; burst: number } | undefined;
  /** Where the supervisor reports DynamoDB Local stopping and coming back (default: stderr). */
  log?: (message: string) => void;
}

export interface LocalStack {
  apiUrl: string;
  addinUrl: string;
  dynamoEndpoint: string;
  caPath: string;
  certificateDaysLeft: number;
  /** Simulation runs the last stop left unfinished: resumed, or failed with the reason. */
  resumed: ResumeReport;
  /** Stops everything it started: the simulation workers at once (runs are resumed by the next start), the
   *  servers, DynamoDB Local. */
  stop(): Promise<void>;
  /** Kills DynamoDB Local at once, without waiting: the last thing a forced shutdown does before it exits. */
  kill(): void;
}

/** A secret kept in the data folder so cursors survive restarts. */
function cursorSecret(dataDir: string): string {
  const file = join(dataDir, 'cursor-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Everything `npm start` runs: DynamoDB Local (Amazon's jar, the machine's Java), the table from the shared
 *  specification, the real API handlers behind the local HTTP adapter on 127.0.0.1, and the add-in files over
 *  HTTPS on localhost. `stop()` ends everything it started. */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(o.dataDir, { recursive: true });
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of [...started].reverse()) await s.stop().catch(() => {});
  };
  // Taken ports are found before DynamoDB Local spends seconds starting.
  await requirePortFree(o.apiPort, API, '--api-port');
  await requirePortFree(o.addinPort, ADDIN, '--addin-port');
  try {
    const ddb = await superviseDynamoDbLocal({
      ...(o.dynamoPort ? { port: o.dynamoPort } : {}),
      ...(o.inMemory ? {} : { dataDir: join(o.dataDir, 'dynamodb') }),
      log: o.log ?? ((m) => process.stderr.write(`${m}\n`)),
      afterRestart: (endpoint) => createTable(endpoint), // a fresh in-memory JVM has no table
    });
    started.push(ddb);
    await createTable(ddb.endpoint);

    const auth = loadDevAuthConfig({ ...process.env, PACS_DEV_KEY_DIR: join(o.dataDir, 'dev-issuer') });
    const client = createDynamoClient({ endpoint: ddb.endpoint, region: 'eu-west-2' });
    started.push({ stop: async () => client.destroy() });
    const certs = await ensureDevCertificates(join(o.dataDir, 'certs'));
    const addinOrigin = `https://localhost:${o.addinPort}`;
    const scenarios = new DynamoScenarioStore({
      client,
      tableName: tableSpec.defaultTableName,
      cursorSecret: cursorSecret(o.dataDir),
    });
    const runs = new DynamoSimulationStore({ client, tableName: tableSpec.defaultTableName });
    const runner = createLocalSimulationRunner(runs, { workers: availableParallelism() });
    started.push({ stop: () => runner.stop() });
    // Before the API listens, so no new submission can race a resumed run.
    const resumed = await resumeUnfinishedRuns({ runs, scenarios, runner });
    const api = await serveLambda(
      buildApi({
        scenarios,
        verify: createVerifier(auth, await devKeySource(auth.keyDir)),
        extraRoutes: simulationRoutes(scenarios, runs, runner),
        storageHealth: storageProbe(client, tableSpec.defaultTableName),
        ...(o.rateLimit ? { rateLimit: o.rateLimit } : {}),
      }),
      {
        port: o.apiPort,
        cors: { origins: [addinOrigin] },
        // Development auth only: the add-in signs in here (Entra ID in AWS).
        localRoutes: [devSignInRoute(auth, { origins: [addinOrigin] })],
      },
    ).catch((e: unknown) => {
      throw listenError(e, o.apiPort, API, '--api-port');
    });
    started.push({ stop: api.close });
    const addin: Server = await serveStatic(o.addinDir, {
      port: o.addinPort,
      cert: certs.cert,
      key: certs.key,
    }).catch((e: unknown) => {
      throw listenError(e, o.addinPort, ADDIN, '--addin-port');
    });
    started.push({
      stop: () =>
        new Promise<void>((r) => {
          addin.close(() => r());
          addin.closeAllConnections();
        }),
    });
    const addinPort = (addin.address() as { port: number }).port;
    return {
      resumed,
      apiUrl: api.url,
      addinUrl: `https://localhost:${addinPort}`,
      dynamoEndpoint: ddb.endpoint,
      caPath: certs.caPath,
      certificateDaysLeft: certs.daysLeft,
      stop: stopAll,
      kill: () => ddb.kill(),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
