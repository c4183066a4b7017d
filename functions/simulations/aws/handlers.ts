import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../observability/powertools.ts';
import { type ChunkTaskDeps, runChunkBatch } from './chunkTask.ts';
import { recordFailure } from './failureTask.ts';
import { type MergeTaskDeps, mergeRun } from './mergeTask.ts';
import { parseChunkBatch, parseExecutionInput, parseFailureInput } from './taskInputs.ts';

/* The task handlers' bodies, parse -> call -> map, over injected dependencies: the Lambda entries
 * (functions/simulation*.ts) bind them to AWS clients, the offline Step Functions run to DynamoDB Local and an
 * in-memory bucket. */

export const chunkHandler = (deps: ChunkTaskDeps) => async (event: unknown) => {
  const result = await runChunkBatch(deps, parseChunkBatch(event));
  metrics.addMetric('SimulationTrials', MetricUnit.Count, result.trials);
  return result;
};

export const mergeHandler = (deps: MergeTaskDeps) => async (event: unknown) => {
  const outcome = await mergeRun(deps, parseExecutionInput(event));
  if (outcome.status === 'succeeded') metrics.addMetric('SimulationsSucceeded', MetricUnit.Count, 1);
  return outcome;
};

export const failureHandler = (deps: Pick<MergeTaskDeps, 'runs'>) => async (event: unknown) => {
  const input = parseFailureInput(event);
  logger.warn('simulation failed', { cause: input.error });
  const outcome = await recordFailure(deps.runs, input);
  if (outcome.status === 'failed') metrics.addMetric('SimulationsFailed', MetricUnit.Count, 1);
  return outcome;
};

/** Builds the dependencies on first use (once per Lambda instance), then serves every invocation with them. */
export function lazily<D, E, R>(build: () => D, handler: (deps: D) => (event: E) => Promise<R>) {
  let bound: ((event: E) => Promise<R>) | undefined;
  return (event: E): Promise<R> => {
    bound ??= handler(build());
    return bound(event);
  };
}
