import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { installSourceMappedStacks } from './sourceMappedStacks.ts';

/* One Logger and one Metrics per Lambda instance (Powertools' convention: created at module load so cold starts
 * are flagged). Service name, log level and metrics namespace come from the POWERTOOLS_* variables the CDK stack
 * sets; the defaults serve local runs and tests. */

// Only inside AWS Lambda (which sets AWS_LAMBDA_FUNCTION_NAME): tests and local servers keep their own stack
// formatting (vitest and tsx map TypeScript themselves).
if (process.env.AWS_LAMBDA_FUNCTION_NAME) installSourceMappedStacks();

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pacs-capitation' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PacsCapitation',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pacs-capitation',
});
