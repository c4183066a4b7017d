import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  type HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { openApiDocument } from '../../shared/contract/wire/index.ts';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
  /** Only GET /v1/health: the OpenAPI document marks it with `security: []`. */
  public: boolean;
}

/** The routes the API serves, from the OpenAPI document (a test keeps that document equal to the handlers' route
 *  table), so a new route cannot be deployed without its authorizer by forgetting to list it here. */
export function apiRoutes(): ApiRoute[] {
  const paths = openApiDocument().paths as Record<string, Record<string, { security?: unknown[] }>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase() as HttpMethod,
      path,
      public: Array.isArray(op.security) && op.security.length === 0,
    })),
  );
}

/** The JSON access-log line: HTTP API's own context variables (CDK's default format uses REST-only ones). No
 *  identity or source address beyond what operations needs; the authorizer's error explains a 401. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
  sourceIp: '$context.identity.sourceIp',
};

export interface PacsHttpApiProps {
  handler: IFunction;
  entraTenantId: string;
  entraAudience: string;
  entraScope: string;
  /** The only origin browsers may call from: the add-in's CloudFront origin. */
  addinOrigin: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
}

/** HTTP API (payload 2.0) in front of the api function: Entra ID JWT authorizer with the scope on every route but
 *  health, CORS for the add-in origin only (answered by API Gateway before the authorizer), stage throttling and
 *  JSON access logs. */
export class PacsHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: PacsHttpApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer(
      'EntraId',
      `https://login.microsoftonline.com/${props.entraTenantId}/v2.0`,
      { jwtAudience: [props.entraAudience], identitySource: ['$request.header.Authorization'] },
    );
    this.api = new HttpApi(this, 'Api', {
      description: 'PACS Capitation calculation service',
      createDefaultStage: false,
      disableExecuteApiEndpoint: false,
      corsPreflight: {
        allowOrigins: [props.addinOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-correlation-id'],
        exposeHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'x-correlation-id'],
        maxAge: Duration.hours(1),
      },
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const integration = new HttpLambdaIntegration('Handler', props.handler);
    for (const route of apiRoutes()) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration,
        ...(route.public
          ? { authorizer: new HttpNoneAuthorizer() }
          : { authorizer, authorizationScopes: [props.entraScope] }),
      });
      if (route.public && added)
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'GET /v1/health is the liveness probe: public by design, returns only the engine version.',
        });
    }
  }

  /** The API's base URL (the $default stage is served at the root). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
