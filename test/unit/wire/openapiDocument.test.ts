import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_MODULE, renderOpenApiModule } from '../../../scripts/openapiModule.ts';
import { openApiDocument } from '../../../shared/contract/wire/openapi.ts';
import { OPENAPI_JSON } from '../../../shared/contract/wire/openapiDocument.ts';

/* The API serves the OpenAPI document generated at build time; it must be what the zod schemas generate now. */

describe('the served OpenAPI document', () => {
  it('is the document the zod schemas generate (run `npm run openapi` after changing a schema)', () => {
    expect(JSON.parse(OPENAPI_JSON)).toEqual(openApiDocument());
    expect(readFileSync(OPENAPI_MODULE, 'utf8')).toBe(renderOpenApiModule());
  });
});
