import { openApiDocument } from '../../shared/contract/wire/index.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';

let cached: Record<string, unknown> | undefined;

export const openApiRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/openapi.json',
    handler: async () => {
      cached ??= openApiDocument();
      return json(200, cached);
    },
  },
];
