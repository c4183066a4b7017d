import { ENGINE_VERSION } from '../../shared/contract/operations/index.ts';
import type { Health } from '../../shared/contract/wire/index.ts';
import { SCHEMA_VERSION } from '../../shared/core/scenario/index.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';
import type { StorageCheck } from '../store/ports.ts';

/** GET /v1/health: ready only while storage answers its readiness check (200); otherwise 503, retryable, with the
 *  reason. Without a check (a runtime with no storage) it reports the service alone. */
export function healthRoutes(storage?: StorageCheck): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/health',
      public: true,
      handler: async () => {
        const base = { engine: ENGINE_VERSION, schemaVersion: SCHEMA_VERSION };
        const readiness = storage ? await storage() : { ready: true as const };
        if (readiness.ready) return json(200, { status: 'ok', ...base, storage: 'ok' } satisfies Health);
        return json(
          503,
          {
            status: 'unavailable',
            ...base,
            storage: 'unavailable',
            error: {
              code: 'storage_unavailable',
              message: `storage is not answering (${readiness.reason}); retry shortly`,
              retryable: true,
            },
          } satisfies Health,
          { 'retry-after': '2' },
        );
      },
    },
  ];
}
