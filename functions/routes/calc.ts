import { CalcRequest } from '../../shared/contract/wire/index.ts';
import { type OperationEnvironment, runBatchJson } from '../../shared/contract/operations/index.ts';
import { parseScenario, parseWith } from '../../shared/core/scenario/index.ts';
import { toHttpError } from '../http/errorMapping.ts';
import { jsonText } from '../http/response.ts';
import type { Route } from '../http/router.ts';
import type { ScenarioStore } from '../store/ports.ts';
import { createContextCache } from './contextCache.ts';

const describeError = (e: unknown) => toHttpError(e).body.error;

/** POST /v1/calc: the batch the Excel functions send. Scenarios load from the caller's organisation only; a
 *  reference without a version resolves to the latest through the head, then hits the version cache. */
export function calcRoutes(
  store: ScenarioStore,
  cache = createContextCache(),
  environment: OperationEnvironment = {},
): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/calc',
      handler: async (req, caller) => {
        const request = parseWith(CalcRequest, req.body());
        const body = await runBatchJson(
          request,
          async (ref) => {
            const version = ref.version ?? (await store.head(caller.org, ref.id)).latest;
            return cache.get(`${caller.org}/${ref.id}@${version}`, async () =>
              parseScenario((await store.version(caller.org, ref.id, version)).scenario),
            );
          },
          describeError,
          environment,
        );
        return jsonText(200, body);
      },
    },
  ];
}
