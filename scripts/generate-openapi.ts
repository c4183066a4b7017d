// `npm run openapi`: writes the OpenAPI document the API serves (shared/contract/wire/openapiDocument.ts) from the
// zod schemas, so the Lambda bundle carries the document as text instead of zod's JSON Schema generator, and builds
// no schema to answer GET /v1/openapi.json. A test fails when the committed module is stale.
import { writeFileSync } from 'node:fs';
import { OPENAPI_MODULE, renderOpenApiModule } from './openapiModule.ts';

writeFileSync(OPENAPI_MODULE, renderOpenApiModule());
console.log(`wrote ${OPENAPI_MODULE}`);
