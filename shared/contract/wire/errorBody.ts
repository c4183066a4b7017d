import * as z from 'zod';

/** The one error shape every API response uses. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    retryable: z.boolean(),
    /** For version conflicts: the latest version at the time of the request. */
    currentVersion: z.number().int().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
