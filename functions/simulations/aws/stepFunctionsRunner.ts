import { type SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { UnavailableError } from '../../../shared/contract/errors/index.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/index.ts';
import type { OrgId } from '../../store/ports.ts';
import type { SimulationStore } from '../../store/simulationPorts.ts';
import type { SimulationRunner } from '../runnerPort.ts';
import type { ObjectStore } from './objectStore.ts';
import { type ExecutionInput, chunksKey, jobKey, jsonBytes, planChunks } from './runObjects.ts';

export interface StepFunctionsRunnerOptions {
  sfn: SFNClient;
  stateMachineArn: string;
  objects: ObjectStore;
  runs: SimulationStore;
  /** Told when a best-effort StopExecution fails (the chunks stop on their own at the next chunk). */
  onStopFailed?(error: unknown): void;
}

/** Execution names are unique per state machine for 90 days, so the name makes a repeated start idempotent. */
export const executionName = (org: OrgId, runId: string): string => `${org}-${runId}`;

/** Runs a simulation on the Step Functions state machine: stages the job and the chunk plan in S3 (a scenario can
 *  exceed the 256 KB execution input), then starts the execution. Progress, result and failure reach the
 *  SimulationStore from the task Lambdas; the API keeps answering GET and DELETE from the store as locally. */
export function createStepFunctionsRunner(o: StepFunctionsRunnerOptions): SimulationRunner {
  const executionArn = (org: OrgId, runId: string) =>
    `${o.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(org, runId)}`;
  return {
    async start(org, runId, job) {
      const options = parseSimulationOptions(job.options);
      const input: ExecutionInput = {
        org,
        runId,
        jobKey: jobKey(org, runId),
        chunksKey: chunksKey(org, runId),
        trials: options.trials,
      };
      try {
        await o.objects.put(input.jobKey, jsonBytes(job), 'application/json');
        await o.objects.put(
          input.chunksKey,
          jsonBytes(planChunks(options.trials, options.method)),
          'application/json',
        );
        await o.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: o.stateMachineArn,
            name: executionName(org, runId),
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        // The run would otherwise wait as `queued` for ever: say so on the run, and answer 503.
        await o.runs
          .fail(org, runId, {
            code: 'unavailable',
            message: 'the simulation could not be started; submit it again with a new Idempotency-Key',
          })
          .catch(() => {});
        throw new UnavailableError('the simulation service could not start the run; retry shortly');
      }
    },
    async cancel(org, runId) {
      try {
        await o.sfn.send(
          new StopExecutionCommand({ executionArn: executionArn(org, runId), cause: 'cancelled' }),
        );
      } catch (error) {
        o.onStopFailed?.(error);
      }
    },
  };
}
