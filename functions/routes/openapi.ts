import { OPENAPI_JSON } from '../../shared/contract/wire/index.ts';
import { jsonText } from '../http/response.ts';
import type { Route } from '../http/router.ts';

/** The OpenAPI document, generated at build time (npm run openapi): served as it is, no schema built. */
export const openApiRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/openapi.json',
    handler: async () => jsonText(200, OPENAPI_JSON),
  },
];
