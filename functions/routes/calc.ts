import { CalcRequest } from '../../shared/api/calc.ts';
import { runBatch } from '../../shared/operations/runBatch.ts';
import { parseScenario, parseWith } from '../../shared/scenario/validate.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';
import type { ScenarioStore } from '../store/ports.ts';

/** POST /v1/calc: the batch the Excel functions send. Scenarios load from the caller's organisation only. */
export function calcRoutes(store: ScenarioStore): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/calc',
      handler: async (req, caller) => {
        const request = parseWith(CalcRequest, req.body());
        const response = await runBatch(request, async (ref) => {
          const version = await store.version(caller.org, ref.id, ref.version);
          return parseScenario(version.scenario);
        });
        return json(200, response);
      },
    },
  ];
}
