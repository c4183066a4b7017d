import { inject } from 'vitest';

/** The integration tier's DynamoDB Local, started once by test/support/globalSetup.ts. */
export async function ddbEndpoint(): Promise<string> {
  const endpoint = inject('ddbEndpoint');
  if (!endpoint)
    throw new Error(
      'DynamoDB Local is started by the integration tier: put this test under test/integration/',
    );
  return endpoint;
}
