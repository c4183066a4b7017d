import { createApp } from './http/app.ts';
import type { Route } from './http/router.ts';
import type { Verify } from './auth/verifyToken.ts';
import { calcRoutes } from './routes/calc.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import type { ScenarioStore } from './store/ports.ts';

export interface ApiDependencies {
  scenarios: ScenarioStore;
  verify: Verify;
  /** Extra routes (simulation jobs) added by the runtime that can run them. */
  extraRoutes?: Route[];
  rateLimit?: { perSecond: number; burst: number };
}

/** The whole API from its dependencies: the same wiring runs in Lambda (functions/api.ts) and locally. */
export function buildApi(deps: ApiDependencies) {
  return createApp({
    routes: [
      ...healthRoutes,
      ...openApiRoutes,
      ...calcRoutes(deps.scenarios),
      ...scenarioRoutes(deps.scenarios),
      ...(deps.extraRoutes ?? []),
    ],
    verify: deps.verify,
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
  });
}
