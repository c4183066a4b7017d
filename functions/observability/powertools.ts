import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/* One Logger and one Metrics per Lambda instance (Powertools' convention: created at module load so cold starts
 * are flagged). Service name, log level and metrics namespace come from the POWERTOOLS_* variables the CDK stack
 * sets; the defaults serve local runs and tests. */

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pacs-capitation' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PacsCapitation',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pacs-capitation',
});
