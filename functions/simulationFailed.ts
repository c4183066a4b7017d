// Lambda entry point of the state machine's catch-all: parse -> mark the run failed (unless cancelled) -> its status.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { logger, metrics } from './observability/powertools.ts';
import {
  type MergeTaskDeps,
  parseFailureInput,
  recordFailure,
  taskRuntime,
} from './simulations/aws/index.ts';

let deps: MergeTaskDeps | undefined;

export const handler = observe(
  'simulation-failed',
  async (event: unknown) => {
    deps ??= taskRuntime(loadTaskEnv());
    const input = parseFailureInput(event);
    logger.warn('simulation failed', { cause: input.error });
    const outcome = await recordFailure(deps.runs, input);
    if (outcome.status === 'failed') metrics.addMetric('SimulationsFailed', MetricUnit.Count, 1);
    return outcome;
  },
  {
    correlationId: (event) => (event as { runId?: string })?.runId,
    summary: (_event, outcome) => ({ status: outcome.status }),
  },
);
