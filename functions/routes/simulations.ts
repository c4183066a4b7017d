import {
  IdempotencyKey,
  SimulationId,
  SimulationRequest,
  type SimulationStatus,
} from '../../shared/contract/wire/index.ts';
import { parseRef } from '../../shared/contract/wire/index.ts';
import { applyOverrides } from '../../shared/contract/operations/index.ts';
import { type Scenario, checkYear, parseScenario, parseWith } from '../../shared/core/scenario/index.ts';
import { json } from '../http/response.ts';
import type { Route } from '../http/router.ts';
import type { SimulationRunner } from '../simulations/index.ts';
import type { ScenarioStore } from '../store/ports.ts';
import { INTERRUPTED, type SimulationRun, type SimulationStore } from '../store/simulationPorts.ts';

function status(run: SimulationRun): SimulationStatus {
  const request = run.request as { scenario: string };
  return {
    id: run.id,
    status: run.status,
    progress: run.progress,
    scenario: request.scenario,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    ...(run.error ? { error: run.error } : {}),
    ...(run.result !== undefined ? { result: run.result } : {}),
  };
}

/** The `{id}` of a path: a simulation id or a 422 naming it, before anything reaches storage. */
const runId = (params: Record<string, string>) => parseWith(SimulationId, params.id, 'id');

/** Simulation jobs: submit (202, idempotent), poll, cancel. */
export function simulationRoutes(
  scenarios: ScenarioStore,
  runs: SimulationStore,
  runner: SimulationRunner,
): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/simulations',
      handler: async (req, caller) => {
        const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'Idempotency-Key');
        const body = parseWith(SimulationRequest, req.body());
        const ref = parseRef(body.scenario);
        // Pin the version so the run is reproducible whatever is saved later.
        const version = await scenarios.version(caller.org, ref.id, ref.version);
        // What-if overrides are checked before anything is stored: a bad path or value creates no run.
        const scenario = body.overrides?.length
          ? applyOverrides(parseScenario(version.scenario), body.overrides)
          : version.scenario;
        // The one contract-year rule, at submission rather than as a failed run later.
        checkYear(scenario as Scenario, body.options.year, 'contract', 'options.year');
        const request = {
          scenario: `${version.id}@${version.version}`,
          options: body.options,
          ...(body.overrides?.length ? { overrides: body.overrides } : {}),
        };
        const { run, created } = await runs.create(caller.org, key, request);
        const location = { location: `/v1/simulations/${run.id}` };
        const job = { scenario, options: body.options };
        if (created) await runner.start(caller.org, run.id, job);
        else if (run.status === 'failed' && run.error?.code === INTERRUPTED) {
          // A retry of a run a restart could not resume submits it again.
          const requeued = await runs.requeueInterrupted(caller.org, run.id);
          if (requeued.status === 'queued') {
            await runner.start(caller.org, run.id, job);
            return json(202, status({ ...requeued, request: run.request }), location);
          }
        }
        return json(created ? 202 : 200, status(run), location);
      },
    },
    {
      method: 'GET',
      path: '/v1/simulations/{id}',
      handler: async (req, caller) => json(200, status(await runs.get(caller.org, runId(req.params)))),
    },
    {
      method: 'DELETE',
      path: '/v1/simulations/{id}',
      handler: async (req, caller) => {
        const id = runId(req.params);
        const cancelled = await runs.cancel(caller.org, id);
        if (cancelled.status === 'cancelled') await runner.cancel?.(caller.org, id);
        return json(200, status(await runs.get(caller.org, id, { withResult: false })));
      },
    },
  ];
}
