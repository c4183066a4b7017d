import { availableParallelism } from 'node:os';
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
import type { OrgId, ScenarioStore } from './store/ports.ts';
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
}

/** The whole API from its dependencies: the same wiring runs in Lambda (functions/api.ts) and locally. */
export function buildApi(deps: ApiDependencies) {
  return createApp({
    routes: [
      ...healthRoutes,
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

/** The simulation runner the environment calls for: the Step Functions fan-out when the stack has set its state
 *  machine and bucket (AWS), else the worker_threads pool in this process. The pool cannot run inside Lambda (its
 *  workers load TypeScript through tsx), so there a missing setting is an error, not a silent fallback. Each runtime
 *  is imported only when chosen: the CLI and `npm start` never load the AWS clients. */
export async function simulationRunnerFromEnv(
  env: Pick<RuntimeEnv, 'SIMULATION_STATE_MACHINE_ARN' | 'SIMULATION_BUCKET' | 'AWS_REGION'>,
  runs: SimulationStore,
  options: { insideLambda?: boolean; onStopFailed?: (error: unknown) => void } = {},
): Promise<SimulationRunner> {
  if (env.SIMULATION_STATE_MACHINE_ARN && env.SIMULATION_BUCKET) {
    const [aws, { SFNClient }, { S3Client }] = await Promise.all([
      import('./simulations/aws/index.ts'),
      import('@aws-sdk/client-sfn'),
      import('@aws-sdk/client-s3'),
    ]);
    return aws.createStepFunctionsRunner({
      sfn: new SFNClient({ region: env.AWS_REGION }),
      stateMachineArn: env.SIMULATION_STATE_MACHINE_ARN,
      objects: new aws.S3ObjectStore(new S3Client({ region: env.AWS_REGION }), env.SIMULATION_BUCKET),
      runs,
      ...(options.onStopFailed ? { onStopFailed: options.onStopFailed } : {}),
    });
  }
  if (options.insideLambda ?? process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined)
    throw new Error('SIMULATION_STATE_MACHINE_ARN and SIMULATION_BUCKET are required in AWS Lambda');
  const local = await import('./simulations/index.ts');
  return local.createLocalSimulationRunner(runs, { workers: availableParallelism() });
}
