import * as z from 'zod';
import { ErrorBody } from './errorBody.ts';

/** GET /v1/health (public): whether this instance can serve, storage included. 200 when it can; 503 when storage does
 *  not answer its readiness check, with the one error shape beside the status, so clients that only read errors
 *  read it too. */
export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  engine: z.string(),
  schemaVersion: z.number().int(),
  storage: z.enum(['ok', 'unavailable']),
  error: ErrorBody.shape.error.optional(),
});
export type Health = z.infer<typeof Health>;
