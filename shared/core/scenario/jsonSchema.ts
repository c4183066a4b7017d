import * as z from 'zod';
import { SCHEMA_VERSION, Scenario } from './scenario.ts';

/** The scenario document as JSON Schema (draft 2020-12), describing what a user may write (input side: fields
 *  with defaults are optional). Cross-reference rules (ids that must exist, aligned array lengths) are not
 *  expressible in JSON Schema and are enforced by `parseScenario`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://pacs-capitation.example/schemas/scenario-v${SCHEMA_VERSION}.json`,
    title: `PACS capitation scenario, schemaVersion ${SCHEMA_VERSION}`,
    description:
      'One capitated-payment design: population, service scope, need adjustment, trajectory, outcomes withhold, ' +
      'provider payment and gain/loss sharing. Money in GBP; per-person amounts in GBP per person per year.',
  };
}
