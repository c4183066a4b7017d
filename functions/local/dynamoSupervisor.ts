import { type DynamoDbLocal, type JvmExit, type StartOptions, startDynamoDbLocal } from './dynamodbLocal.ts';

/** DynamoDB Local under supervision: the same port for its whole life, whichever JVM serves it. */
export interface SupervisedDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM serving now. */
  readonly pid: number;
  /** Ends supervision and stops the JVM. */
  stop(): Promise<void>;
  /** Kills the JVM at once and ends supervision (a forced shutdown). */
  kill(): void;
}

export interface SuperviseOptions extends StartOptions {
  /** What the supervisor has to say (a JVM died, it is back, a restart failed). */
  log(message: string): void;
  /** Runs after every restart, before it is announced (e.g. creating the table again in a fresh in-memory JVM). */
  afterRestart?(endpoint: string): Promise<void>;
  /** Waits between failed restarts (default: 1 s, doubling to 30 s). */
  backoffMs?: (attempt: number) => number;
}

const describeExit = (e: JvmExit) =>
  e.signal ? `killed by ${e.signal}` : `exit code ${e.code === null ? 'unknown' : e.code}`;

/** Starts DynamoDB Local and keeps it running: when the JVM exits without being asked to (killed, crashed, out of
 *  memory), says so and starts another on the same port and data folder, so the API recovers by itself. */
export async function superviseDynamoDbLocal(options: SuperviseOptions): Promise<SupervisedDynamoDb> {
  const {
    log,
    afterRestart,
    backoffMs = (n: number) => Math.min(30_000, 1_000 * 2 ** n),
    ...start
  } = options;
  let current: DynamoDbLocal = await startDynamoDbLocal(start);
  const port = current.port;
  let stopping = false;
  let wake: (() => void) | null = null; // cuts a backoff wait short on stop

  const watch = (instance: DynamoDbLocal) => {
    void instance.exited.then(async (exit) => {
      if (stopping || instance !== current) return;
      log(`DynamoDB Local stopped unexpectedly (${describeExit(exit)}); restarting it on port ${port}`);
      for (let attempt = 0; !stopping; attempt++) {
        try {
          const next = await startDynamoDbLocal({ ...start, port });
          if (stopping) {
            await next.stop();
            return;
          }
          current = next;
          await afterRestart?.(next.endpoint);
          log(
            `DynamoDB Local is running again on port ${port}${start.dataDir ? '' : ' (in memory: earlier data is gone)'}`,
          );
          watch(next);
          return;
        } catch (e) {
          log(`DynamoDB Local did not restart (${(e as Error).message.split('\n')[0]}); trying again`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, backoffMs(attempt));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      }
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    port,
    get pid() {
      return current.pid;
    },
    async stop() {
      stopping = true;
      wake?.();
      await current.stop();
    },
    kill() {
      stopping = true;
      current.kill();
    },
  };
}
