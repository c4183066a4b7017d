// Lambda entry point of the merge after the Distributed Map: parse -> merge and store the result -> its status.
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { lazily, mergeHandler, taskRuntime } from './simulations/aws/index.ts';

export const handler = observe(
  'simulation-merge',
  lazily(() => taskRuntime(loadTaskEnv()), mergeHandler),
  {
    correlationId: (event) => (event as { runId?: string } | null)?.runId,
    summary: (_event, outcome) => ({ status: outcome.status }),
  },
);
