import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import {
  type SimulationModel,
  type SimulationOptions,
  buildModel,
  parseSimulationOptions,
} from '../../../shared/core/simulation/index.ts';
import type { ObjectStore } from './objectStore.ts';
import { parseJsonBytes } from './runObjects.ts';

export interface RunJob {
  scenarioName: string;
  options: SimulationOptions;
  model: SimulationModel;
}

/** The staged job ({ scenario, options } as the API received them) turned into the model every chunk and the merge
 *  use: the same parse and buildModel as the local pool, so the same numbers. The last job is kept per instance: a
 *  warm chunk Lambda serving the next batch of the same run skips the rebuild. */
export function createJobLoader(objects: ObjectStore) {
  let last: { key: string; job: Promise<RunJob> } | undefined;
  return (key: string): Promise<RunJob> => {
    if (last?.key !== key) {
      const job = objects.get(key).then((bytes) => {
        const staged = parseJsonBytes(bytes) as { scenario: unknown; options: unknown };
        const scenario = parseScenario(staged.scenario);
        const options = parseSimulationOptions(staged.options);
        return {
          scenarioName: scenario.name,
          options,
          model: buildModel(scenario, options, calculate(scenario)),
        };
      });
      job.catch(() => {
        if (last?.job === job) last = undefined; // a failed load is not cached
      });
      last = { key, job };
    }
    return last.job;
  };
}

export type JobLoader = ReturnType<typeof createJobLoader>;
