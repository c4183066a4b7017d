import * as z from 'zod';

/** What a build of the add-in is pointed at; written into the bundle at build time (addin/build). */
export const RuntimeConfig = z.strictObject({
  /** The PACS API origin, e.g. http://127.0.0.1:3001 or https://api.pacs.example. */
  apiUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  auth: z.discriminatedUnion('mode', [
    /** Local development: the local service's development sign-in. */
    z.strictObject({ mode: z.literal('development') }),
    z.strictObject({
      mode: z.literal('entra'),
      clientId: z.string().min(1),
      tenantId: z.string().min(1),
      apiScope: z.string().min(1),
      redirectUri: z.url(),
      dialogUrl: z.url(),
    }),
  ]),
  /** Shown by the pane (which build is loaded). */
  build: z.string().min(1).default('dev'),
});
export type RuntimeConfig = z.output<typeof RuntimeConfig>;
export type RuntimeConfigInput = z.input<typeof RuntimeConfig>;

/** config.json beside a deployed add-in's files, as the CDK app writes it (infra/constructs/addinHosting.ts):
 *  one build serves every environment; each environment's bucket carries its own config. */
export const DeployedConfig = z.object({
  environment: z.string().min(1),
  apiBaseUrl: z.url(),
  functionsNamespace: z.string().min(1),
  auth: z.strictObject({
    mode: z.literal('entra'),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    scope: z.string().min(1),
  }),
});

/** The runtime configuration of a deployed add-in served from `origin` (its pages sit at the origin's root). */
export function fromDeployedConfig(json: unknown, origin: string): RuntimeConfigInput {
  const r = DeployedConfig.safeParse(json);
  if (!r.success)
    throw new Error(
      `config.json: ${r.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`).join('; ')}`,
    );
  const c = r.data;
  const base = origin.replace(/\/+$/, '');
  return {
    apiUrl: c.apiBaseUrl,
    auth: {
      mode: 'entra',
      clientId: c.auth.clientId,
      tenantId: c.auth.tenantId,
      apiScope: c.auth.scope,
      redirectUri: `${base}/taskpane.html`,
      dialogUrl: `${base}/auth-dialog.html`,
    },
    build: c.environment,
  };
}

/** Reads config.json from the page's own origin (a deployed build has no configuration compiled in). */
export async function loadDeployedConfig(
  origin: string,
  doFetch: typeof fetch = fetch,
): Promise<RuntimeConfigInput> {
  const response = await doFetch(`${origin.replace(/\/+$/, '')}/config.json`);
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return fromDeployedConfig(await response.json(), origin);
}
