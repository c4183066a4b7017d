// Lambda entry point of a Distributed Map batch of simulation chunks: parse -> run the chunks -> a small summary
// (the outcomes themselves go to S3; Step Functions state is capped at 256 KB).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadTaskEnv } from './env.ts';
import { observe } from './observability/observe.ts';
import { metrics } from './observability/powertools.ts';
import { type ChunkTaskDeps, parseChunkBatch, runChunkBatch, taskRuntime } from './simulations/aws/index.ts';

let deps: ChunkTaskDeps | undefined;

export const handler = observe(
  'simulation-chunk',
  async (event: unknown) => {
    deps ??= taskRuntime(loadTaskEnv());
    const result = await runChunkBatch(deps, parseChunkBatch(event));
    metrics.addMetric('SimulationTrials', MetricUnit.Count, result.trials);
    return result;
  },
  {
    correlationId: (event) => (event as { BatchInput?: { runId?: string } })?.BatchInput?.runId,
    summary: (_event, result) => ({ ...result }),
  },
);
