import { applyOverrides } from '../../shared/contract/operations/index.ts';
import { Override, ScenarioRef, parseRef } from '../../shared/contract/wire/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import type { ScenarioStore } from '../store/ports.ts';
import { INTERRUPTED, type SimulationStore } from '../store/simulationPorts.ts';
import type { SimulationRunner } from './runnerPort.ts';

export interface ResumeReport {
  /** Runs handed to the runner again (from the start: a seeded run gives the same result). */
  resumed: string[];
  /** Runs that could not be resumed, now failed with code `interrupted` and the reason. */
  failed: string[];
}

/** On start: every run a stop left queued or running is resumed (its pinned scenario version is read again and the
 *  run is started from scratch), or, when that is impossible, marked failed with the reason, so that no run waits
 *  for ever. A run so failed is submitted again by a retry of its POST (same Idempotency-Key, same request). */
export async function resumeUnfinishedRuns(deps: {
  runs: SimulationStore;
  scenarios: ScenarioStore;
  runner: SimulationRunner;
}): Promise<ResumeReport> {
  const report: ResumeReport = { resumed: [], failed: [] };
  for (const { org, id } of await deps.runs.unfinished()) {
    try {
      const run = await deps.runs.get(org, id, { withResult: false });
      const request = run.request as { scenario?: unknown; options?: unknown; overrides?: unknown };
      const ref = parseRef(ScenarioRef.parse(request.scenario));
      const version = await deps.scenarios.version(org, ref.id, ref.version);
      // The what-if overrides it was submitted with, applied to the pinned version as the submission did.
      const overrides = Override.array().parse(request.overrides ?? []);
      const scenario = overrides.length
        ? applyOverrides(parseScenario(version.scenario), overrides)
        : version.scenario;
      await deps.runner.start(org, id, { scenario, options: request.options });
      report.resumed.push(id);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      await deps.runs
        .fail(org, id, {
          code: INTERRUPTED,
          message: `the service stopped during this run and could not resume it (${why}); retry the submission`,
        })
        .then(() => report.failed.push(id))
        .catch(() => {}); // storage is down: the run stays unfinished and the next start tries again
    }
  }
  return report;
}
