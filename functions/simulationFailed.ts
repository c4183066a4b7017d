// Lambda entry point of the state machine's catch-all: parse -> mark the run failed (unless cancelled) -> its status.
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { failureHandler, lazily, taskRuntime } from './simulations/aws/index.ts';

export const handler = observe(
  'simulation-failed',
  lazily(() => taskRuntime(loadTaskEnv()), failureHandler),
  {
    correlationId: (event) => (event as { runId?: string } | null)?.runId,
    summary: (_event, outcome) => ({ status: outcome.status }),
  },
);
