import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { MAP_RESULTS_PREFIX, RUNS_PREFIX } from '../functions/simulations/aws/index.ts';
import { addinFiles } from './bundling.ts';
import type { DeploymentConfig } from './config.ts';
import { AddinHosting } from './constructs/addinHosting.ts';
import { Alarms } from './constructs/alarms.ts';
import { DataTable } from './constructs/data.ts';
import { tableItemAccess } from './constructs/grants.ts';
import { PacsHttpApi } from './constructs/httpApi.ts';
import { PacsFunction } from './constructs/pacsFunction.ts';
import { Simulations } from './constructs/simulations.ts';
import { acknowledgeFindings } from './nagAcknowledgements.ts';

export interface PacsStackProps extends StackProps {
  config: DeploymentConfig;
  /** The add-in's files; default a deployable build of addin/ made when CDK stages the asset. */
  addinDir?: string;
}

export const METRICS_NAMESPACE = 'PacsCapitation';

/** The whole product in one stack: table, API, simulations, add-in hosting, alarms. Environment-agnostic (no account
 *  or region is looked up), so `cdk synth` needs no AWS access. */
export class PacsStack extends Stack {
  constructor(scope: Construct, id: string, props: PacsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = RetentionDays[`${dayWord(config.logRetentionDays)}` as keyof typeof RetentionDays];

    const { table } = new DataTable(this, 'Data');

    // Server access logs of the two buckets; itself unlogged (logging the log bucket would loop).
    const logsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log bucket of the other buckets; logging it to itself would loop.',
    });

    // Scratch space of simulation runs: staged jobs, chunk plans, chunk outcomes, map results (a week at most).
    const simulationBucket = new Bucket(this, 'SimulationBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'simulations/',
      lifecycleRules: [
        { prefix: RUNS_PREFIX, expiration: Duration.days(7) },
        { prefix: `${MAP_RESULTS_PREFIX}/`, expiration: Duration.days(7) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const simulations = new Simulations(this, 'Simulations', {
      table,
      bucket: simulationBucket,
      concurrency: config.simulationConcurrency,
      logRetention,
      metricsNamespace: METRICS_NAMESPACE,
    });

    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key of the API pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Only signs short-lived page cursors (a stale cursor costs the user one re-list); rotate by hand if exposed ' +
        '(docs/deploy.md). Automatic rotation would need a rotation Lambda for no real gain.',
    });

    const api = new PacsFunction(this, 'Api', {
      name: 'api',
      memorySize: 1024,
      timeout: Duration.seconds(25),
      logRetention,
      metricsNamespace: METRICS_NAMESPACE,
      environment: {
        TABLE_NAME: table.tableName,
        CURSOR_SECRET_ARN: cursorSecret.secretArn,
        PACS_AUTH_MODE: 'entra',
        PACS_ENTRA_TENANT_ID: config.entraTenantId,
        PACS_ENTRA_AUDIENCE: config.entraAudience,
        PACS_AUTH_SCOPE: config.entraScope,
        SIMULATION_STATE_MACHINE_ARN: simulations.stateMachine.stateMachineArn,
        SIMULATION_BUCKET: simulationBucket.bucketName,
        ORG_REQUESTS_PER_MINUTE: String(config.orgRequestsPerMinute),
      },
    });
    api.fn.addToRolePolicy(
      tableItemAccess(table, ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'ConditionCheckItem'], ['GSI1']),
    );
    cursorSecret.grantRead(api.fn);
    api.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [simulationBucket.arnForObjects(`${RUNS_PREFIX}*`)],
      }),
    );
    api.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [simulations.stateMachine.stateMachineArn],
      }),
    );
    api.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:StopExecution'], resources: [simulations.executionsArn()] }),
    );

    const hosting = new AddinHosting(this, 'Addin', {
      logsBucket,
      allowedCountries: config.allowedCountries,
      customDomain: config.customDomain,
    });
    const httpApi = new PacsHttpApi(this, 'Http', {
      handler: api.fn,
      entraTenantId: config.entraTenantId,
      entraAudience: config.entraAudience,
      entraScope: config.entraScope,
      addinOrigin: hosting.origin,
      throttle: config.throttle,
      logRetention,
    });
    hosting.deploy(props.addinDir ?? addinFiles(), {
      environment: config.name,
      apiBaseUrl: httpApi.url,
      functionsNamespace: config.functionsNamespace,
      auth: {
        mode: 'entra',
        tenantId: config.entraTenantId,
        clientId: config.entraAudience,
        scope: `api://${config.entraAudience}/${config.entraScope}`,
      },
    });

    new Alarms(this, 'Alarms', {
      functions: {
        Api: api.fn,
        SimulationChunk: simulations.chunk.fn,
        SimulationMerge: simulations.merge.fn,
        SimulationFailed: simulations.failed.fn,
      },
      api: httpApi.api,
      stateMachine: simulations.stateMachine,
      email: config.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: httpApi.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AddinUrl', {
      value: hosting.origin,
      description: 'Origin serving the add-in files',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'SimulationStateMachineArn', { value: simulations.stateMachine.stateMachineArn });

    acknowledgeFindings(this, {
      simulationBucket,
      addinBucket: hosting.bucket,
      simulations,
      runWriters: [api.role, simulations.chunk.role, simulations.merge.role],
    });
  }
}

function dayWord(days: 30 | 90 | 180 | 365): string {
  return { 30: 'ONE_MONTH', 90: 'THREE_MONTHS', 180: 'SIX_MONTHS', 365: 'ONE_YEAR' }[days];
}
