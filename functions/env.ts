import * as z from 'zod';

/** Runtime settings of the Lambda functions, from environment variables (names appear in error messages). */
const Env = z.object({
  TABLE_NAME: z.string().min(1).default('pacs-capitation'),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  /** Set locally (DynamoDB Local); unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** HMAC secret for pagination cursors (at least 16 characters). */
  CURSOR_SECRET: z.string().min(16, 'CURSOR_SECRET must be at least 16 characters'),
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
