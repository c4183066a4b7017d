import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeploymentConfig } from './config.ts';
import { PacsStack } from './stack.ts';

export interface BuildAppOptions {
  /** Extra context (tests): merged over cdk.json's when the CLI runs the app. */
  context?: Record<string, unknown>;
  /** false: skip esbuild (fast template tests); the CLI's synth always bundles. */
  bundle?: boolean;
  outdir?: string;
}

/** Feature flags this app relies on (also in cdk.json): server access logs delivered by a bucket policy, not ACLs
 *  (the buckets have ACLs disabled); the Distributed Map's ResultWriter. */
export const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Without it CDK drops the Distributed Map's ResultWriterV2 from the definition.
  '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2': true,
};

/** The CDK app: one stack for the chosen environment, checked by cdk-nag's AwsSolutions pack (an unacknowledged
 *  finding fails the synth). */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: PacsStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      ...FEATURE_FLAGS,
      ...options.context,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const config = loadDeploymentConfig((key) => app.node.tryGetContext(key));
  const stack = new PacsStack(app, config.stackName, {
    config,
    description: `PACS Capitation (${config.name}): API, simulations, add-in hosting`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
