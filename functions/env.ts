import * as z from 'zod';

/** Runtime settings of the Lambda functions, from environment variables (names appear in error messages). */
const Env = z
  .object({
    TABLE_NAME: z.string().min(1).default('pacs-capitation'),
    AWS_REGION: z.string().min(1).default('eu-west-2'),
    /** Set locally (DynamoDB Local); unset in AWS. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    /** HMAC secret for pagination cursors (at least 16 characters): local runs and tests only. */
    CURSOR_SECRET: z.string().min(16, 'CURSOR_SECRET must be at least 16 characters').optional(),
    /** In AWS: the Secrets Manager secret holding the cursor secret (the value never sits in the environment). */
    CURSOR_SECRET_ARN: z.string().startsWith('arn:', 'CURSOR_SECRET_ARN must be a secret ARN').optional(),
    /** Set in AWS: simulations run on this Step Functions state machine, staged in this bucket. */
    SIMULATION_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
    SIMULATION_BUCKET: z.string().min(3).optional(),
    /** The per-organisation usage limit (requests per minute across all instances); unset = none. */
    ORG_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  })
  .refine((e) => e.CURSOR_SECRET !== undefined || e.CURSOR_SECRET_ARN !== undefined, {
    path: ['CURSOR_SECRET_ARN'],
    message: 'CURSOR_SECRET_ARN (or CURSOR_SECRET locally) is required',
  })
  .refine((e) => (e.SIMULATION_STATE_MACHINE_ARN === undefined) === (e.SIMULATION_BUCKET === undefined), {
    path: ['SIMULATION_BUCKET'],
    message: 'SIMULATION_STATE_MACHINE_ARN and SIMULATION_BUCKET go together',
  });
export type RuntimeEnv = z.infer<typeof Env>;

export function loadRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const r = Env.safeParse(env);
  if (!r.success)
    throw new Error(
      `invalid environment: ${r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** Settings of the simulation task Lambdas (chunk, merge, failure). */
const TaskEnv = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SIMULATION_BUCKET: z.string().min(3),
});
export type TaskEnv = z.infer<typeof TaskEnv>;

export function loadTaskEnv(env: NodeJS.ProcessEnv = process.env): TaskEnv {
  const r = TaskEnv.safeParse(env);
  if (!r.success)
    throw new Error(
      `invalid environment: ${r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}
