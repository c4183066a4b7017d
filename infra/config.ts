import * as z from 'zod';

/* The deployment's settings, from CDK context (infra/cdk.json, or `-c key=value`). `-c env=NAME` picks one entry of
 * `environments`; each entry is validated here so a typo fails the synth naming the key, never a broken deploy. */

const Guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

export const EnvironmentConfig = z.strictObject({
  /** Entra ID directory (tenant) id: the authorizer trusts https://login.microsoftonline.com/{tenant}/v2.0. */
  entraTenantId: Guid,
  /** Application (client) id of the API's app registration: the `aud` of its v2 access tokens. */
  entraAudience: Guid,
  /** Delegated scope every route but health requires (Entra puts it in `scp`). */
  entraScope: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default('access_as_user'),
  /** The add-in's manifest id in this environment (Excel keeps functions and settings per id). */
  addinId: Guid,
  /** The custom functions' namespace in this environment, e.g. PACS (production), PACSTEST. */
  functionsNamespace: z.string().regex(/^[A-Z][A-Z0-9]{0,31}$/, 'must be capitals and digits, e.g. PACSTEST'),
  /** Shown in Excel's add-in list. */
  displayName: z.string().min(1).max(125).default('PACS Capitation'),
  /** API Gateway stage throttling (requests per second, burst) for the whole API. */
  throttle: z
    .strictObject({ rateLimit: z.number().int().min(1), burstLimit: z.number().int().min(1) })
    .default({ rateLimit: 50, burstLimit: 100 }),
  /** Per-organisation usage limit across all Lambda instances. */
  orgRequestsPerMinute: z.number().int().min(1).default(600),
  /** CloudWatch Logs retention for function, access and state-machine logs. */
  logRetentionDays: z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365)]).default(90),
  /** Parallel chunk batches of one simulation (keep below the account's Lambda concurrency). */
  simulationConcurrency: z.number().int().min(1).max(1000).default(50),
  /** Alarms are sent to this address (an SNS email subscription); none = alarms only in CloudWatch. */
  alarmEmail: z.email().optional(),
  /** The add-in's own domain with an ACM certificate (in us-east-1, as CloudFront requires); none = the
   *  distribution's *.cloudfront.net name. */
  customDomain: z
    .strictObject({
      domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a DNS name'),
      certificateArn: z
        .string()
        .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\//, 'must be an ACM ARN in us-east-1'),
    })
    .optional(),
  /** CloudFront viewer countries (ISO codes), e.g. ["GB"]; none = worldwide. */
  allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
});
export type EnvironmentConfig = z.output<typeof EnvironmentConfig>;

export interface DeploymentConfig extends EnvironmentConfig {
  /** Environment name: part of the stack name and of every resource's physical name CloudFormation makes. */
  name: string;
  stackName: string;
}

const EnvName = z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, 'must be lower-case letters, digits and -');

/** The environments block and the chosen name from a context getter (node.tryGetContext). */
export function loadDeploymentConfig(context: (key: string) => unknown): DeploymentConfig {
  const name = EnvName.safeParse(context('env') ?? 'example');
  if (!name.success) throw new Error(`context env: ${name.error.issues[0]?.message}`);
  const all = context('environments');
  if (all === null || typeof all !== 'object')
    throw new Error('context environments: missing (see infra/cdk.json and docs/deploy.md)');
  const entry = (all as Record<string, unknown>)[name.data];
  if (entry === undefined)
    throw new Error(
      `context environments.${name.data}: no such environment (known: ${Object.keys(all).join(', ')})`,
    );
  const parsed = EnvironmentConfig.safeParse(entry);
  if (!parsed.success)
    throw new Error(
      `context environments.${name.data}: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(entry)'} ${i.message}`)
        .join('; ')}`,
    );
  return { ...parsed.data, name: name.data, stackName: `PacsCapitation-${name.data}` };
}
