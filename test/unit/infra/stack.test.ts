import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { toCreateTableInput, toTimeToLiveInput } from '../../../functions/store/tableInput.ts';
import { buildApp } from '../../../infra/buildApp.ts';
import { apiRoutes } from '../../../infra/constructs/httpApi.ts';
import { tableSpec } from '../../../shared/contract/storage/index.ts';
import { cdkJsonContext, synthStack } from '../../support/infraSynth.ts';

/* The deployed shape, asserted on the template the CDK app synthesises (cdk-nag on: the synth itself throws on an
 * unacknowledged finding). Expected values are the issue's and AWS's rules, not copies of the template. */

const { template, json } = synthStack();
const env = (cdkJsonContext().environments as Record<string, Record<string, string>>).example!;
// biome-ignore lint/suspicious/noExplicitAny: template JSON, read property by property
type Resource = { Type: string; Properties: Record<string, any> };
const resources = (type: string) =>
  Object.entries(json.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const only = (type: string) => {
  const all = resources(type);
  expect(all).toHaveLength(1);
  return all[0]![1].Properties;
};

describe('table', () => {
  const t = only('AWS::DynamoDB::GlobalTable');

  it('has exactly the key schema, attributes, index and TTL of the shared specification (drift test)', () => {
    const expected = toCreateTableInput(tableSpec);
    expect(t.KeySchema).toEqual(expected.KeySchema);
    expect([...t.AttributeDefinitions].sort(byName)).toEqual(
      [...expected.AttributeDefinitions!].sort(byName),
    );
    expect(
      t.GlobalSecondaryIndexes.map((g: Resource['Properties']) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    ).toEqual(expected.GlobalSecondaryIndexes);
    expect(t.TimeToLiveSpecification).toEqual(toTimeToLiveInput(tableSpec).TimeToLiveSpecification);
  });

  it('is on demand, encrypted, with point-in-time recovery and deletion protection, and retained', () => {
    expect(t.BillingMode).toBe('PAY_PER_REQUEST');
    // Encrypted at rest with the AWS-managed KMS key (not merely DynamoDB's default owned key).
    expect(t.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    // TableV2 puts PITR and deletion protection on the replica.
    expect(t.Replicas).toHaveLength(1);
    expect(t.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(t.Replicas[0].DeletionProtectionEnabled).toBe(true);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
  (a.AttributeName ?? '').localeCompare(b.AttributeName ?? '');

describe('functions', () => {
  // Ours carry Powertools settings; CDK's own BucketDeployment function does not.
  const ours = resources('AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
  );

  it('are the four entry points, Node.js 22 or later on arm64, with JSON logs, no eager source maps', () => {
    expect(ours).toHaveLength(4);
    for (const [, { Properties: p }] of ours) {
      expect(Number(/^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
      // --enable-source-maps indexes every map at import (+20 ms CPU of a cold start); the bundles map a stack only
      // when one is logged (functions/observability/sourceMappedStacks.ts, proven in the bundle test).
      expect(p.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(p.Environment.Variables.POWERTOOLS_SERVICE_NAME).toMatch(/^pacs-/);
    }
  });

  it('write to log groups of their own, each with a retention', () => {
    const groups = new Map(resources('AWS::Logs::LogGroup'));
    for (const [, { Properties: p }] of ours) {
      const group = groups.get(p.LoggingConfig.LogGroup.Ref);
      expect(group?.Properties.RetentionInDays).toBe(90);
    }
  });

  it('the API stays under the HTTP API 30 s limit; the cursor secret is a Secrets Manager ARN, not a value', () => {
    const api = ours.find(([id]) => id.startsWith('ApiFunction'))![1].Properties;
    expect(api.Timeout).toBeLessThanOrEqual(25);
    const vars = api.Environment.Variables;
    expect(vars.CURSOR_SECRET).toBeUndefined();
    expect(vars.CURSOR_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^CursorSecret/) });
    expect(vars.PACS_AUTH_MODE).toBe('entra');
    expect(vars.SIMULATION_STATE_MACHINE_ARN).toEqual({ Ref: expect.stringMatching(/StateMachine/) });
  });

  it('use no managed policy (each role may write only its own log group)', () => {
    const roles = new Map(resources('AWS::IAM::Role'));
    for (const [, { Properties: p }] of ours) {
      const role = roles.get(p.Role['Fn::GetAtt'][0])!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

/** Every statement of the policies attached to the role of the function whose logical id starts with `prefix`. */
function statementsOf(prefix: string): { Action: string | string[]; Resource: unknown }[] {
  const fn = resources('AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))![1];
  const roleRef = fn.Properties.Role['Fn::GetAtt'][0];
  return resources('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleRef))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actions = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('least privilege', () => {
  const all = (prefix: string) => statementsOf(prefix).flatMap(actions).sort();

  it('each function gets only the actions it performs', () => {
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    expect(all('SimulationsChunkFn')).toEqual(
      [
        ...logs,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        's3:GetObject',
        's3:PutObject',
      ].sort(),
    );
    expect(all('SimulationsMergeFn')).toEqual(
      [
        ...logs,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        's3:GetObject',
      ].sort(),
    );
    expect(all('SimulationsFailedFn')).toEqual([...logs, 'dynamodb:UpdateItem'].sort());
    const api = all('ApiFunction');
    expect(api).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 's3:PutObject', 'states:StartExecution']),
    );
    expect(api).toContain('secretsmanager:GetSecretValue');
    for (const a of [...api, ...all('SimulationsChunkFn'), ...all('SimulationsMergeFn')]) {
      expect(a).not.toMatch(/\*/); // no action wildcards
      expect(a).not.toMatch(/^dynamodb:(Scan|DeleteItem|DeleteTable|CreateTable|BatchWriteItem)$/);
    }
  });

  it('table grants name the table (and GSI1 for the API), never index/* or *', () => {
    for (const prefix of ['ApiFunction', 'SimulationsChunkFn', 'SimulationsMergeFn', 'SimulationsFailedFn'])
      for (const s of statementsOf(prefix).filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')))) {
        const text = JSON.stringify(s.Resource);
        expect(text).toMatch(/DataTable/);
        expect(text).not.toMatch(/index\/\*|"\*"/);
      }
    const apiTable = statementsOf('ApiFunction').find((s) => actions(s).includes('dynamodb:Query'))!;
    expect(JSON.stringify(apiTable.Resource)).toContain('/index/GSI1');
  });

  it('S3 grants are limited to the runs/ prefix of the simulation bucket; StopExecution to this machine', () => {
    for (const prefix of ['ApiFunction', 'SimulationsChunkFn', 'SimulationsMergeFn'])
      for (const s of statementsOf(prefix).filter((s) => actions(s).some((a) => a.startsWith('s3:'))))
        expect(JSON.stringify(s.Resource)).toMatch(/SimulationBucket.*\/runs\/\*/);
    const stop = statementsOf('ApiFunction').find((s) => actions(s).includes('states:StopExecution'))!;
    expect(JSON.stringify(stop.Resource)).toContain(':execution:PacsCapitation-example-simulations:*');
  });
});

describe('HTTP API', () => {
  const routes = resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  it('serves every route of the OpenAPI document, and only those', () => {
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      apiRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(routes.length).toBeGreaterThanOrEqual(12);
  });

  it('every route but GET /v1/health has the JWT authorizer with the scope', () => {
    for (const r of routes) {
      if (r.RouteKey === 'GET /v1/health') {
        expect(r.AuthorizationType).toBe('NONE');
        continue;
      }
      expect(r.AuthorizationType).toBe('JWT');
      expect(r.AuthorizerId).toEqual({ Ref: expect.stringMatching(/EntraId/) });
      expect(r.AuthorizationScopes).toEqual([env.entraScope]);
    }
  });

  it('trusts Entra ID v2 tokens of the tenant for the API audience', () => {
    const a = only('AWS::ApiGatewayV2::Authorizer');
    expect(a.AuthorizerType).toBe('JWT');
    expect(a.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(a.JwtConfiguration).toEqual({
      Issuer: `https://login.microsoftonline.com/${env.entraTenantId}/v2.0`,
      Audience: [env.entraAudience],
    });
  });

  it('allows CORS from the add-in origin only (the CloudFront distribution)', () => {
    const cors = only('AWS::ApiGatewayV2::Api').CorsConfiguration;
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins[0])).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["Addin/,
    );
    expect(cors.AllowOrigins[0]).not.toBe('*');
    expect(cors.AllowHeaders).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
    );
  });

  it('throttles the stage and writes JSON access logs', () => {
    const stage = only('AWS::ApiGatewayV2::Stage');
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/AccessLogs/), 'Arn'],
    });
  });

  it('passes the per-organisation usage limit to the API function', () => {
    const api = resources('AWS::Lambda::Function').find(([id]) => id.startsWith('ApiFunction'))![1];
    expect(api.Properties.Environment.Variables.ORG_REQUESTS_PER_MINUTE).toBe('600');
  });
});

describe('add-in hosting', () => {
  it('a private, SSL-only bucket behind CloudFront with origin access control, HTTPS only', () => {
    const dist = only('AWS::CloudFront::Distribution').DistributionConfig;
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(dist.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(only('AWS::CloudFront::OriginAccessControl').OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
    });
    for (const [, b] of resources('AWS::S3::Bucket'))
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    for (const [, p] of resources('AWS::S3::BucketPolicy'))
      expect(JSON.stringify(p.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('sends hardening headers but nothing that stops Office framing the pages', () => {
    const headers = only('AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig;
    const security = headers.SecurityHeadersConfig;
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toBeUndefined();
    expect(JSON.stringify(headers)).not.toMatch(/frame-ancestors|X-Frame-Options/i);
  });
});

describe('simulations, alarms, outputs', () => {
  it('a standard state machine, all events logged, X-Ray on', () => {
    const sm = only('AWS::StepFunctions::StateMachine');
    expect(sm.StateMachineType).toBe('STANDARD');
    expect(sm.LoggingConfiguration.Level).toBe('ALL');
    expect(sm.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('alarms on every function error and throttle, API 5xx, failed and timed-out executions', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const metric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(metric('Errors')).toHaveLength(4);
    expect(metric('Throttles')).toHaveLength(4);
    expect(metric('5xx')).toHaveLength(1);
    expect(metric('ExecutionsFailed')).toHaveLength(1);
    expect(metric('ExecutionsTimedOut')).toHaveLength(1);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmsTopic/) }]);
  });

  it('outputs the API URL and the add-in URL', () => {
    const outputs = (template as Template).toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'AddinUrl']));
    expect(JSON.stringify(outputs.AddinUrl.Value)).toMatch(/https:\/\//);
    const httpApi = resources('AWS::ApiGatewayV2::Api')[0]![0];
    expect(JSON.stringify(outputs.ApiUrl.Value)).toContain(httpApi);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('every acknowledged finding carries a written reason', () => {
    const { stack } = synthStack();
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });

  it('fails the synth on an unacknowledged finding (the check can fail)', () => {
    const { app, stack } = buildApp({
      context: cdkJsonContext(),
      bundle: false,
      outdir: mkdtempSync(join(tmpdir(), 'pacs-cdk-nag-')),
    });
    new Bucket(stack, 'Unhardened'); // no SSL enforcement, no access logs
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*Unhardened|Unhardened[\s\S]*AwsSolutions-S1/);
  });
});
