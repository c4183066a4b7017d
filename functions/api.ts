// Lambda entry point of the API (HTTP API payload v2). Builds its dependencies once per cold start, then each
// invocation only routes: parse -> call -> map, in functions/http/app.ts. Logs and metrics at the edge
// (observability/httpObserve.ts).
import { UnavailableError } from '../shared/contract/errors/index.ts';
import { loadAuthConfig } from './auth/authConfig.ts';
import { keySourceFor } from './auth/keySource.ts';
import { createVerifier } from './auth/verifyToken.ts';
import { buildApi, lazyStepFunctionsRunner } from './compose.ts';
import { loadRuntimeEnv } from './env.ts';
import type { HttpApiEvent, HttpApiResult } from './http/lambdaTypes.ts';
import { errorResponse } from './http/response.ts';
import { logServerError, observeHttp } from './observability/httpObserve.ts';
import { logger } from './observability/powertools.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { createDynamoClient } from './store/dynamoClient.ts';
import { DynamoScenarioStore } from './store/dynamoScenarioStore.ts';
import { DynamoSimulationStore } from './store/dynamoSimulationStore.ts';
import { createUsageLimiter } from './store/dynamoUsageLimiter.ts';
import { storageProbe } from './store/storageProbe.ts';

let api: Promise<(event: HttpApiEvent) => Promise<HttpApiResult>> | undefined;

async function init() {
  const env = loadRuntimeEnv();
  const auth = loadAuthConfig();
  const client = createDynamoClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
  // Only its ARN is in the environment; the value is read at the first listing (calculations never page) and
  // then served from memory (Powertools caches it). The Secrets Manager client is loaded only then.
  const cursorSecret =
    env.CURSOR_SECRET ??
    (async () => {
      const { createSecretReader } = await import('./secrets/secretReader.ts');
      return createSecretReader({ maxAgeSeconds: 3600 })(env.CURSOR_SECRET_ARN!);
    });
  const scenarios = new DynamoScenarioStore({ client, tableName: env.TABLE_NAME, cursorSecret });
  const runs = new DynamoSimulationStore({ client, tableName: env.TABLE_NAME });
  // Built at the first simulation submitted or cancelled: a calculation never loads the Step Functions and S3
  // clients.
  const runner = lazyStepFunctionsRunner(env, runs, {
    onStopFailed: (error) => logger.warn('StopExecution failed; chunks stop at their next check', { error }),
  });
  const perMinute = env.ORG_REQUESTS_PER_MINUTE;
  return buildApi({
    scenarios,
    verify: createVerifier(auth, await keySourceFor(auth)),
    extraRoutes: simulationRoutes(scenarios, runs, runner),
    ...(perMinute
      ? { admit: createUsageLimiter({ client, tableName: env.TABLE_NAME, perMinute }).admit }
      : {}),
    onServerError: logServerError,
    storageHealth: storageProbe(client, env.TABLE_NAME),
  });
}

export const handler = observeHttp(async (event: HttpApiEvent): Promise<HttpApiResult> => {
  if (!api) {
    api = init();
    api.catch(() => {
      api = undefined; // a failed start (secret or configuration unreadable) is retried by the next request
    });
  }
  try {
    return await (await api)(event);
  } catch (error) {
    logServerError(error, event.requestContext?.requestId ?? '');
    return errorResponse(
      new UnavailableError('the service is starting up or misconfigured; retry shortly'),
      '',
    );
  }
});
