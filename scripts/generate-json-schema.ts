// Writes shared/scenario/scenario.schema.json from the zod schema. A test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../shared/core/scenario/index.ts';

const target = fileURLToPath(new URL('../shared/core/scenario/scenario.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
