// `npm run token -- --org RXX --user alice`: mints a dev-issuer token for local API calls.
// Only the token goes to stdout so `TOKEN=$(npm run -s token -- ...)` works; the hint goes to stderr.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { AuthConfigError, loadDevAuthConfig } from '../functions/auth/authConfig.ts';
import { orgCodeSchema, userIdSchema } from '../functions/auth/claims.ts';
import { mintDevToken } from '../functions/auth/devIssuer.ts';

interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = 'usage: npm run token -- --org RXX --user alice [--name "Alice Smith"] [--ttl 3600]';
const HELP = `${USAGE}

Prints a bearer token from the local development issuer (keys in .data/dev-issuer, or PACS_DEV_KEY_DIR) for calls to
the API that npm start runs. Only the token goes to stdout: TOKEN=$(npm run -s token -- --org RXX --user alice)
  --org    the organisation (ODS code, e.g. RXX); the token carries it as the app role Org.RXX
  --user   a user id (letters, digits, . _ @ -)
  --name   the name shown in scenario history (default: the user id)
  --ttl    seconds the token is valid, 60 to 86400 (default 3600)
`;

const argsSchema = z.object({
  org: orgCodeSchema,
  user: userIdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  ttl: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .pipe(z.number().min(60, 'must be at least 60').max(86_400, 'must be at most 86400 (one day)'))
    .optional(),
});

/** Returns the exit code: 0 ok, 2 bad arguments, 1 anything else. */
export async function runTokenCli(
  args: string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return 0;
  }
  const parsed = parseOptions(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\n${USAGE}\n`);
    return 2;
  }
  try {
    const config = loadDevAuthConfig(env);
    const token = await mintDevToken(
      {
        org: parsed.org,
        user: parsed.user,
        name: parsed.name,
        ttlSeconds: parsed.ttl,
        scopes: [config.requiredScope],
        audience: config.audience,
        rolePrefix: config.orgRolePrefix,
      },
      config.keyDir,
    );
    io.stdout.write(`${token}\n`);
    const minutes = Math.round((parsed.ttl ?? 3600) / 60);
    io.stderr.write(
      `dev token for ${parsed.user} in ${parsed.org}, valid ${minutes} min; send as: Authorization: Bearer $TOKEN\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`${error instanceof AuthConfigError ? error.message : `token: ${String(error)}`}\n`);
    return 1;
  }
}

// One message naming the option at fault, or the parsed options.
function parseOptions(args: string[]): z.output<typeof argsSchema> | string {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        org: { type: 'string' },
        user: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  const result = argsSchema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const option = `--${String(issue?.path[0] ?? '')}`;
  return values[String(issue?.path[0])] === undefined
    ? `${option} is required`
    : `${option} ${issue?.message ?? 'is invalid'}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runTokenCli(process.argv.slice(2), process);
}
