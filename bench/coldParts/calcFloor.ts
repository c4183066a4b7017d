// The floor of a cold POST /v1/calc on this stack: what any API Lambda answering it must load and do with the
// product's own parts (Powertools logs and metrics, token verification, zod validation, the engine and its
// operations), the scenario read at its hand-signed floor (signedScenarioRead.ts) in place of the AWS SDK, and
// nothing else (no router, no other routes). A lower bound to hold the cold-start goal against, not a product.
import { loadAuthConfig } from '../../functions/auth/authConfig.ts';
import { keySourceFor } from '../../functions/auth/keySource.ts';
import { createVerifier } from '../../functions/auth/verifyToken.ts';

export { observeHttp } from '../../functions/observability/httpObserve.ts';
export { run as read } from './signedScenarioRead.ts';
export { answer, validate } from './validateAndCalculate.ts';

export async function verifier() {
  const auth = loadAuthConfig();
  return createVerifier(auth, await keySourceFor(auth));
}
