import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../../shared/core/scenario/jsonSchema.ts';

describe('published JSON Schema', () => {
  it('is current: regenerate with `npm run schema` when the zod schema changes', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../shared/core/scenario/scenario.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('describes every step of the seven-step capitation build', () => {
    const props = Object.keys((scenarioJsonSchema() as { properties: Record<string, unknown> }).properties);
    for (const key of [
      'schemaVersion',
      'population',
      'serviceLines',
      'outcomes',
      'contract',
      'providers',
      'riskShare',
      'need',
      'trajectory',
    ])
      expect(props).toContain(key);
  });
});
