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
