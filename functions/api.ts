// Lambda entry point of the API (HTTP API payload v2). Builds its dependencies once per cold start, then each
// invocation only routes: parse -> call -> map, in functions/http/app.ts.
import { loadAuthConfig } from './auth/authConfig.ts';
import { keySourceFor } from './auth/keySource.ts';
import { createVerifier } from './auth/verifyToken.ts';
import { buildApi } from './compose.ts';
import { loadRuntimeEnv } from './env.ts';
import type { HttpApiEvent, HttpApiResult } from './http/lambdaTypes.ts';
import { createDynamoClient } from './store/dynamoClient.ts';
import { DynamoScenarioStore } from './store/dynamoScenarioStore.ts';

let api: Promise<(event: HttpApiEvent) => Promise<HttpApiResult>> | undefined;

async function init() {
  const env = loadRuntimeEnv();
  const auth = loadAuthConfig();
  const client = createDynamoClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
  return buildApi({
    scenarios: new DynamoScenarioStore({
      client,
      tableName: env.TABLE_NAME,
      cursorSecret: env.CURSOR_SECRET,
    }),
    verify: createVerifier(auth, await keySourceFor(auth)),
  });
}

export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  api ??= init();
  return (await api)(event);
}
