// Lambda entry point of the merge after the Distributed Map: parse -> merge and store the result -> its status.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { metrics } from './observability/powertools.ts';
import { type MergeTaskDeps, mergeRun, parseExecutionInput, taskRuntime } from './simulations/aws/index.ts';

let deps: MergeTaskDeps | undefined;

export const handler = observe(
  'simulation-merge',
  async (event: unknown) => {
    deps ??= taskRuntime(loadTaskEnv());
    const outcome = await mergeRun(deps, parseExecutionInput(event));
    if (outcome.status === 'succeeded') metrics.addMetric('SimulationsSucceeded', MetricUnit.Count, 1);
    return outcome;
  },
  {
    correlationId: (event) => (event as { runId?: string })?.runId,
    summary: (_event, outcome) => ({ status: outcome.status }),
  },
);
