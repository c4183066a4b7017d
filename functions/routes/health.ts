import { ENGINE_VERSION } from '../../shared/contract/operations/index.ts';
import { SCHEMA_VERSION } from '../../shared/core/scenario/index.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/health',
    public: true,
    handler: async () => json(200, { status: 'ok', engine: ENGINE_VERSION, schemaVersion: SCHEMA_VERSION }),
  },
];
