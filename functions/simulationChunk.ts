// Lambda entry point of a Distributed Map batch of simulation chunks: parse -> run the chunks -> a small summary
// (the outcomes themselves go to S3; Step Functions state is capped at 256 KB).
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { chunkHandler, lazily, taskRuntime } from './simulations/aws/index.ts';

export const handler = observe(
  'simulation-chunk',
  lazily(() => taskRuntime(loadTaskEnv()), chunkHandler),
  {
    correlationId: (event) => (event as { BatchInput?: { runId?: string } } | null)?.BatchInput?.runId,
    summary: (_event, result) => ({ ...result }),
  },
);
