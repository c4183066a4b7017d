import type { RunStatus, SimulationStore } from '../../store/simulationPorts.ts';
import type { FailureInput } from './taskInputs.ts';

/** The state machine's catch-all: marks the run failed with a message a finance user can act on (the cause stays in
 *  the logs). A run that was cancelled, or finished, keeps its status; the returned status lets the state machine
 *  end a cancelled run as a success (a user's cancel is not an operational failure and raises no alarm). */
export async function recordFailure(
  runs: SimulationStore,
  input: FailureInput,
): Promise<{ status: RunStatus }> {
  const run = await runs.fail(input.org, input.runId, {
    code: 'simulation_failed',
    message: 'the simulation could not be completed and nothing was saved; submit it again',
  });
  return { status: run.status };
}
