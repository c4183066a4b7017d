// Cold-start parts, alone: validating the stored scenario (zod) and answering the calc batch (one calculation,
// then each operation), through the same front doors as POST /v1/calc.
import { operationContext, runBatchJson } from '../../shared/contract/operations/index.ts';
import { CalcRequest } from '../../shared/contract/wire/index.ts';
import { parseScenario, parseWith, type Scenario } from '../../shared/core/scenario/index.ts';

export const validate = (raw: unknown): Scenario => parseScenario(raw);

export async function answer(body: unknown, scenario: Scenario): Promise<string> {
  const request = parseWith(CalcRequest, body);
  const context = operationContext(scenario);
  const out = await runBatchJson(
    request,
    async () => context,
    (e) => ({ code: 'failed', message: String(e), retryable: false }),
    {},
  );
  if (out.includes('"ok":false')) throw new Error(`an operation failed: ${out.slice(0, 300)}`);
  return out;
}
