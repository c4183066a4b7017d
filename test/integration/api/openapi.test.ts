import { describe, expect, it } from 'vitest';
import { calcRoutes } from '../../../functions/routes/calc.ts';
import { healthRoutes } from '../../../functions/routes/health.ts';
import { openApiRoutes } from '../../../functions/routes/openapi.ts';
import { scenarioRoutes } from '../../../functions/routes/scenarios.ts';
import { simulationRoutes } from '../../../functions/routes/simulations.ts';
import { openApiDocument } from '../../../shared/contract/wire/openapi.ts';

describe('OpenAPI document', () => {
  it('describes exactly the routes the API serves', () => {
    // Route tables are built without touching their dependencies, so placeholders suffice here.
    const none = {} as never;
    const routes = [
      ...healthRoutes(),
      ...openApiRoutes,
      ...calcRoutes(none),
      ...scenarioRoutes(none),
      ...simulationRoutes(none, none, none),
    ].map((r) => `${r.method} ${r.path}`);
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.sort());
  });

  it('marks only health as public', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { security?: unknown[] }>>;
    const publicOps = Object.entries(paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
        .map(([m]) => `${m} ${p}`),
    );
    expect(publicOps).toEqual(['get /v1/health']);
  });
});
