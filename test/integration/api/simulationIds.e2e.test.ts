import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/contract/wire/openapi.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

// Issue 9, point 4: simulation ids are validated at the edge like scenario ids. A DynamoDB partition key holds at
// most 2,048 bytes, so a long enough id used to reach the table and come back as a 503 `internal`, retryable.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
});
afterAll(() => stack?.close());

describe('issue 9 point 4: simulation ids at the edge', () => {
  it('an id that is not a simulation id is a 422 naming the id, whatever its length, for GET and DELETE', async () => {
    const token = await stack.token(newOrgCode());
    for (const id of [
      'x'.repeat(2_038),
      'x'.repeat(2_039),
      'r_'.padEnd(5_000, 'a'),
      'r_short',
      'R_AAAAAAAAAAAAAAAAAAAA',
    ])
      for (const method of ['GET', 'DELETE']) {
        const r = await call(stack.url, method, `/v1/simulations/${id}`, { token });
        expect(r.status, `${method} ${id.length}`).toBe(422);
        expect(r.json.error).toMatchObject({ code: 'validation_error', field: 'id', retryable: false });
        expect(r.json.error.message).toContain('is not a simulation id');
      }
  });

  it('a well-formed id that does not exist is a 404', async () => {
    const token = await stack.token(newOrgCode());
    for (const method of ['GET', 'DELETE'])
      expect(
        (await call(stack.url, method, '/v1/simulations/r_aaaaaaaaaaaaaaaaaaaa', { token })).status,
      ).toBe(404);
  });

  it('the OpenAPI document states the pattern', () => {
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { parameters: { schema: object }[] }>>;
    };
    for (const method of ['get', 'delete'])
      expect(doc.paths['/v1/simulations/{id}']![method]!.parameters[0]!.schema).toEqual({
        type: 'string',
        pattern: '^r_[a-z2-7]{20}$',
      });
  });
});
