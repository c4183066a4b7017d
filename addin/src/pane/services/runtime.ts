import { type TokenSource, createDevSignInProvider, createTokenSource } from '../../auth/index.ts';
import { type PacsClient, createPacsClient } from '../../client/index.ts';
import { type EngineGateway, createGateway } from '../../gateway/index.ts';
import type { Host } from '../host/host.ts';

/** The shared runtime's objects, when the add-in's runtime entry has created them: the pane then uses the very
 *  token source, client and gateway the PACS.* functions use (one sign-in, one cache, one Refresh). */
export interface SharedRuntime {
  tokens: TokenSource;
  client: PacsClient;
  gateway: EngineGateway;
  /** PACS, or PACSDEV for the development add-in. */
  namespace: string;
  apiUrl: string;
}

declare global {
  /** Set by the shared runtime before the pane starts. */
  var __PACS_RUNTIME__: SharedRuntime | undefined;
}

export interface PaneServices extends SharedRuntime {
  host: Host;
}

/** The API origin: `?api=` on the pane's URL (tests, other ports), else the build's default. */
export function apiUrlFrom(search: string, fallback: string): string {
  const api = new URLSearchParams(search).get('api');
  if (api && /^https?:\/\/[^/\s]+$/.test(api)) return api;
  return fallback;
}

/** The pane's services: the shared runtime's when present, otherwise its own (development sign-in against the
 *  local service), built on the same front doors. */
export function createServices(host: Host, options: { apiUrl: string; namespace?: string }): PaneServices {
  const shared = globalThis.__PACS_RUNTIME__;
  if (shared) return { ...shared, host };
  const tokens = createTokenSource(createDevSignInProvider({ serviceUrl: options.apiUrl }));
  const client = createPacsClient({ baseUrl: options.apiUrl, tokens });
  const gateway = createGateway(client);
  return { tokens, client, gateway, namespace: options.namespace ?? 'PACS', apiUrl: options.apiUrl, host };
}
