// The Lambda API's Step Functions runner with its clients, loaded by compose.lazyStepFunctionsRunner at the first
// simulation submitted or cancelled (a module of its own so that import() brings only this, not every task of the
// simulations' AWS runtime).
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { S3ObjectStore, createStepFunctionsRunner } from './simulations/aws/index.ts';
import type { SimulationRunner } from './simulations/index.ts';
import type { SimulationStore } from './store/simulationPorts.ts';

export function buildStepFunctionsRunner(
  settings: { stateMachineArn: string; bucket: string; region: string },
  runs: SimulationStore,
  options: { onStopFailed?: (error: unknown) => void },
): SimulationRunner {
  return createStepFunctionsRunner({
    sfn: new SFNClient({ region: settings.region }),
    stateMachineArn: settings.stateMachineArn,
    objects: new S3ObjectStore(new S3Client({ region: settings.region }), settings.bucket),
    runs,
    ...(options.onStopFailed ? { onStopFailed: options.onStopFailed } : {}),
  });
}
