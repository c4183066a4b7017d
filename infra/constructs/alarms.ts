import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  functions: Record<string, IFunction>;
  api: HttpApi;
  stateMachine: StateMachine;
  email?: string | undefined;
}

/** Alarms on what an operator must act on: function errors and throttles, API 5xx and throttling (429s are the
 *  stage limits biting), failed or timed-out simulation executions. All notify one encrypted SNS topic. */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed aws/sns key.
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'PACS alarm topic' });
    key.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'PACS alarms' });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    for (const [name, fn] of Object.entries(props.functions)) {
      this.#alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), 1, `${name}: errors`);
      this.#alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
        1,
        `${name}: throttled`,
      );
    }
    this.#alarm(
      'Api5xx',
      props.api.metricServerError({ period: Duration.minutes(5) }),
      5,
      'API answered 5xx',
    );
    this.#alarm(
      'ApiThrottled',
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '4xx',
        dimensionsMap: { ApiId: props.api.apiId },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      100,
      'API answered many 4xx (throttling, usage limit or a broken client)',
    );
    this.#alarm(
      'SimulationsFailed',
      props.stateMachine.metricFailed({ period: Duration.minutes(5) }),
      1,
      'a simulation execution failed',
    );
    this.#alarm(
      'SimulationsTimedOut',
      props.stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
      1,
      'a simulation execution timed out',
    );
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `PACS Capitation: ${description}`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
