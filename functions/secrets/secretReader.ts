import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretReaderOptions {
  /** A configured client (tests point one at a local endpoint); default: the Lambda's region and role. */
  client?: SecretsManagerClient;
  /** How long a value is served from memory before Secrets Manager is asked again. */
  maxAgeSeconds: number;
}

/** Reads string secrets from Secrets Manager through Powertools Parameters, cached per instance for maxAgeSeconds:
 *  the value never sits in an environment variable (only the secret's ARN does) and a warm Lambda does not pay a
 *  Secrets Manager call per request. */
export function createSecretReader(options: SecretReaderOptions) {
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});
  return async (secretId: string, minLength = 16): Promise<string> => {
    const value = await provider.get(secretId, { maxAge: options.maxAgeSeconds });
    if (typeof value !== 'string' || value.length < minLength)
      throw new Error(`secret ${secretId} must be a string of at least ${minLength} characters`);
    return value;
  };
}
