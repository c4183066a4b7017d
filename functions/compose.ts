import type { RuntimeEnv } from './env.ts';
import { createApp } from './http/app.ts';
import type { Route } from './http/router.ts';
import type { Verify } from './auth/verifyToken.ts';
import { publishedPracticesLoader } from './data/publishedPractices.ts';
import { calcRoutes } from './routes/calc.ts';
import { createContextCache } from './routes/contextCache.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import type { SimulationRunner } from './simulations/index.ts';
import type { OrgId, ScenarioStore, StorageCheck } from './store/ports.ts';
import type { SimulationStore } from './store/simulationPorts.ts';

export interface ApiDependencies {
  scenarios: ScenarioStore;
  verify: Verify;
  /** Extra routes (simulation jobs) added by the runtime that can run them. */
  extraRoutes?: Route[];
  rateLimit?: { perSecond: number; burst: number };
  /** The per-organisation usage limit shared by every instance (AWS); none locally. */
  admit?: (org: OrgId) => Promise<void>;
  onServerError?: (error: unknown, requestId: string) => void;
  /** Readiness of storage, reported by GET /v1/health. */
  storageHealth?: StorageCheck;
}

/** The whole API from its dependencies: the same wiring runs in Lambda (functions/api.ts) and locally. */
export function buildApi(deps: ApiDependencies) {
  return createApp({
    routes: [
      ...healthRoutes(deps.storageHealth),
      ...openApiRoutes,
      ...calcRoutes(deps.scenarios, createContextCache(), { publishedPractices: publishedPracticesLoader() }),
      ...scenarioRoutes(deps.scenarios),
      ...(deps.extraRoutes ?? []),
    ],
    verify: deps.verify,
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    ...(deps.admit ? { admit: deps.admit } : {}),
    ...(deps.onServerError ? { onServerError: deps.onServerError } : {}),
  });
}

/** The Lambda API's simulation runner: the Step Functions fan-out on the state machine and bucket the stack sets,
 *  built at its first use (a simulation submitted or cancelled), so a cold start that only serves calculations
 *  never loads the Step Functions and S3 clients. The settings are checked now: a function deployed without them
 *  fails at start, not at its first simulation. A failed build is tried again at the next use. (Locally the
 *  service runs simulations on a worker_threads pool: functions/local/localStack.ts composes that one.) */
export function lazyStepFunctionsRunner(
  env: Pick<RuntimeEnv, 'SIMULATION_STATE_MACHINE_ARN' | 'SIMULATION_BUCKET' | 'AWS_REGION'>,
  runs: SimulationStore,
  options: { onStopFailed?: (error: unknown) => void } = {},
): SimulationRunner {
  const {
    SIMULATION_STATE_MACHINE_ARN: stateMachineArn,
    SIMULATION_BUCKET: bucket,
    AWS_REGION: region,
  } = env;
  if (!stateMachineArn || !bucket)
    throw new Error('SIMULATION_STATE_MACHINE_ARN and SIMULATION_BUCKET are required in AWS Lambda');
  let runner: Promise<SimulationRunner> | undefined;
  const build = async (): Promise<SimulationRunner> => {
    const { buildStepFunctionsRunner } = await import('./stepFunctionsRunner.ts');
    return buildStepFunctionsRunner({ stateMachineArn, bucket, region }, runs, options);
  };
  const get = () => {
    runner ??= build().catch((e) => {
      runner = undefined;
      throw e;
    });
    return runner;
  };
  return {
    async start(org, runId, job) {
      await (await get()).start(org, runId, job);
    },
    async cancel(org, runId) {
      await (await get()).cancel?.(org, runId);
    },
  };
}
