import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableSpec } from '../../shared/contract/storage/index.ts';
import { toCreateTableInput, toTimeToLiveInput } from '../store/tableInput.ts';

/** A running DynamoDB Local (the jar shipped in the npm package amplify-dynamodb-simulator). */
export interface DynamoDbLocal {
  /** Always http://127.0.0.1:<port>: the jar binds every interface, we only ever talk to loopback. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Kills this instance (by pid) and waits for it to exit; in-memory data is gone. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), without waiting: for a forced shutdown that cannot wait for anything. */
  kill(): void;
  /** Settles when the JVM exits, for whatever reason (stop, kill, crash), with how it ended. */
  readonly exited: Promise<JvmExit>;
}

export interface JvmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Default: a free port chosen now. Pass the old port to restart "the same" instance. */
  port?: number;
  /** Keep data in this folder across restarts (`npm start`); default: in memory. */
  dataDir?: string;
  /** How long to wait for the port to accept connections (the banner prints before it listens). The default is
   *  generous: a JVM on a loaded 2-core machine can take tens of seconds to listen, and the wait ends as soon as it
   *  does (or the JVM exits); the cap only stops a JVM that hangs without exiting from hanging its caller. */
  readyTimeoutMs?: number;
}

/** The emulator directory of amplify-dynamodb-simulator (its own launch() only works inside the Amplify CLI). */
export function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      // Small heap and serial GC: quick start and gentle on a shared 2-core machine.
      '-Xms64m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      ...(options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory']),
      // One database whatever the client's credentials/region (else tables are per access key and region).
      '-sharedDb',
      // The jar otherwise tries to send usage telemetry over the network.
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: emulatorDir(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<JvmExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error('could not start java (is Java 17 installed?)');
  const watchdog = watchParent(child.pid);
  void exited.then(() => stopWatchdog(watchdog));
  try {
    await waitForPort(port, options.readyTimeoutMs ?? 180_000, exited);
  } catch (err) {
    await kill(child, exited);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(err as Error).message}\n${stderr}`);
  }
  const pid = child.pid;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid,
    exited,
    stop: () => kill(child, exited),
    kill: () => {
      child.kill('SIGKILL');
      stopWatchdog(watchdog);
    },
  };
}

/** A client for the harness itself (any credentials work with -sharedDb). */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Creates the single table from the shared spec (and enables TTL, as the CDK stack does). Idempotent. */
export async function createTable(
  endpoint: string,
  tableName: string = tableSpec.defaultTableName,
): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(toCreateTableInput(tableSpec, tableName)));
    await client.send(new UpdateTimeToLiveCommand(toTimeToLiveInput(tableSpec, tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  } finally {
    client.destroy();
  }
}

/** SIGTERM (the JVM exits in well under a second), SIGKILL if it has not after one (a hung JVM). */
async function kill(child: ChildProcess, exited: Promise<JvmExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
  await exited;
  clearTimeout(timer);
}

/** A runner killed by pid (timeout, SIGTERM, SIGKILL, a SIGINT not forwarded by npm) never runs its teardown and
 *  the JVM lives on as an orphan (~180 MB, a port). This shell loop outlives that death and then kills the JVM by
 *  its pid, after checking the pid still belongs to DynamoDB Local. */
function watchParent(javaPid: number): ChildProcess {
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
    'grep -q DynamoDBLocal "/proc/$2/cmdline" 2>/dev/null && kill "$2"';
  const watchdog = spawn('sh', ['-c', script, 'ddb-local-watchdog', String(process.pid), String(javaPid)], {
    stdio: 'ignore',
    detached: true,
  });
  watchdog.unref();
  return watchdog;
}

function stopWatchdog(watchdog: ChildProcess): void {
  if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGTERM');
}

/** A port free on loopback right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<JvmExit>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error('java exited');
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no connection after ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
