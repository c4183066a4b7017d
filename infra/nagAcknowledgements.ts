import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { RUNS_PREFIX } from '../functions/simulations/aws/index.ts';
import type { Simulations } from './constructs/simulations.ts';

/* The cdk-nag (AwsSolutions) findings this stack accepts, each with the reason a reviewer needs. Every other finding
 * fails the synth. Resource names in finding ids are CloudFormation logical ids, computed here rather than pasted. */

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function acknowledgeFindings(
  stack: Stack,
  parts: {
    simulationBucket: Bucket;
    addinBucket: Bucket;
    simulations: Simulations;
    runWriters: IConstruct[];
  },
): void {
  const runObjects = `AwsSolutions-IAM5[Resource::<${logicalId(parts.simulationBucket)}.Arn>/${RUNS_PREFIX}*]`;
  for (const writer of parts.runWriters)
    acknowledge(
      writer,
      runObjects,
      'Run objects are created at run time under runs/{org}/{runId}/; the grant is limited to the runs/ prefix of the ' +
        'simulation bucket, and each action to the ones the function performs.',
    );

  const sm = parts.simulations.stateMachine;
  const smRole = sm.role.node.findChild('DefaultPolicy');
  acknowledge(
    smRole,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(parts.simulationBucket)}>/*]`,
    "Distributed Map's ItemReader reads each run's chunks.json and its ResultWriter writes map-results/: CDK grants " +
      'these on the simulation bucket, which holds nothing but run scratch data.',
  );
  for (const f of [parts.simulations.chunk, parts.simulations.merge, parts.simulations.failed])
    acknowledge(
      smRole,
      `AwsSolutions-IAM5[Resource::<${logicalId(f.fn)}.Arn>:*]`,
      'LambdaInvoke grants the function and its versions (ARN:*); it invokes only these three functions.',
    );
  acknowledge(
    smRole,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray trace segments and CloudWatch Logs log delivery do not support resource-level permissions.',
  );
  const mapPolicy = sm.node.findChild('DistributedMapPolicy');
  const ownExecutions = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(sm)}"}]}]}`;
  for (const suffix of [':*', '/*:*'])
    acknowledge(
      mapPolicy,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${ownExecutions}${suffix}]`,
      'The Distributed Map starts, describes and stops its own child executions, whose ids Step Functions makes at ' +
        'run time; the grant covers this state machine only.',
    );
  acknowledge(
    parts.runWriters[0]!,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${parts.simulations.stateMachineName}:*]`,
    "DELETE /v1/simulations/{id} stops the run's execution, named at run time; only executions of this state machine.",
  );

  // CDK's BucketDeployment: a singleton Lambda of CDK's own that copies the add-in files at deploy time.
  for (const child of stack.node.children)
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
      const reason =
        "CDK's BucketDeployment custom resource (runs at deploy time only, copying the add-in's static files from the " +
        'CDK asset bucket to the add-in bucket): its role, runtime and wildcard S3 grants are defined by aws-cdk-lib.';
      for (const id of [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        `AwsSolutions-IAM5[Resource::<${logicalId(parts.addinBucket)}.Arn>/*]`,
        'AwsSolutions-L1',
      ])
        acknowledge(child, id, reason);
    }
}
