import type { MsalClient } from '../auth/index.ts';
import type { RuntimeConfigInput } from './config.ts';

/** Development builds sign in through the local service and never load MSAL (the build swaps this file in for
 *  msal.ts). */
export function msalClientFactory(_config: RuntimeConfigInput): (() => Promise<MsalClient>) | undefined {
  return undefined;
}
