/** The engine gateway: batching, de-duplication, the in-flight cap, timeouts, bounded retries, the result cache
 *  (pinned / latest), cancellation by reference count, manual mode and Refresh; the scenario library and
 *  simulation jobs under the same rules. The custom functions and the task pane share one instance. */

import type { PacsClient } from '../client/index.ts';
import { EngineGateway, type GatewaySettings } from './engineGateway.ts';

export { EngineGateway } from './engineGateway.ts';
export type { GatewaySettings } from './engineGateway.ts';
export { NotCalculatedError, OperationError, ServiceUnavailableError } from './errors.ts';
export { ScenarioLibrary } from './library.ts';
export { RISK_TABLE_HEADER, SimulationJobs, riskTable } from './simulations.ts';
export type { SimulationArgs, SimulationUpdate } from './simulations.ts';
export type { CalculationMode, GatewayStatus, OperationCall, Pending } from './types.ts';

/** A gateway on the PACS client: batches go to POST /v1/calc, "latest" is learnt from a scenario's history. */
export function createGateway(
  client: Pick<PacsClient, 'calc' | 'scenarios'>,
  settings: Omit<GatewaySettings, 'calc' | 'latestVersion'> = {},
): EngineGateway {
  return new EngineGateway({
    ...settings,
    calc: (body, o) => client.calc(body, o),
    latestVersion: async (id, o) => (await client.scenarios.latestInfo(id, o)).version,
  });
}
