import { type TokenSource, createDevSignInProvider, createTokenSource } from '../../auth/index.ts';
import { type PacsClient, createPacsClient } from '../../client/index.ts';
import { type EngineGateway, createGateway } from '../../gateway/index.ts';
import type { Host } from '../host/host.ts';

/** The shared runtime's objects, when the add-in's runtime entry (addin/src/runtime, loaded by the same page)
 *  has created them: the pane then uses the very token source, client and gateway the PACS.* functions use
 *  (one sign-in, one cache, one Refresh). Structural, so the pane depends on no more than it uses. */
export interface SharedRuntime {
  config: { apiUrl: string };
  tokens: TokenSource;
  client: PacsClient;
  gateway: EngineGateway;
}

declare global {
  /** Set by the shared runtime: at once for a local build, once config.json has arrived for a deployed one. */
  var __PACS_RUNTIME__: SharedRuntime | undefined;
  /** A deployed build's runtime, when its configuration has arrived (rejects saying why it cannot). */
  var __PACS_RUNTIME_READY__: Promise<SharedRuntime> | undefined;
}

export interface PaneServices {
  tokens: TokenSource;
  client: PacsClient;
  gateway: EngineGateway;
  apiUrl: string;
  /** The functions' namespace in formulas the pane writes: PACS, or PACSDEV for the development add-in. */
  namespace: string;
  host: Host;
}

/** The API origin: `?api=` on the pane's URL (tests, other ports), else the build's default. */
export function apiUrlFrom(search: string, fallback: string): string {
  const api = new URLSearchParams(search).get('api');
  if (api && /^https?:\/\/[^/\s]+$/.test(api)) return api;
  return fallback;
}

/** The pane's services: the shared runtime's when the page has one (waiting for a deployed build's
 *  configuration), otherwise its own (development sign-in against the local service), on the same front doors.
 *  Rejects when the runtime cannot start (a deployed build without its config.json). */
export async function createServices(
  host: Host,
  options: { apiUrl: string; namespace?: string },
): Promise<PaneServices> {
  const namespace = options.namespace ?? 'PACS';
  const shared = globalThis.__PACS_RUNTIME__ ?? (await globalThis.__PACS_RUNTIME_READY__);
  if (shared) {
    const { tokens, client, gateway } = shared;
    return { tokens, client, gateway, apiUrl: shared.config.apiUrl, namespace, host };
  }
  const tokens = createTokenSource(createDevSignInProvider({ serviceUrl: options.apiUrl }));
  const client = createPacsClient({ baseUrl: options.apiUrl, tokens });
  const gateway = createGateway(client);
  return { tokens, client, gateway, namespace, apiUrl: options.apiUrl, host };
}

/** The functions namespace the manifest put on the page URL (`?ns=PACSDEV` for the development add-in). */
export function namespaceFrom(search: string): string | undefined {
  const ns = new URLSearchParams(search).get('ns');
  return ns && /^[A-Z][A-Z0-9]{0,31}$/.test(ns) ? ns : undefined;
}
