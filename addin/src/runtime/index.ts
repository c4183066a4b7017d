/** The shared runtime: one token source, one client, one gateway, the scenario library and simulation jobs,
 *  wired once per workbook and shared by the custom functions and the task pane (same page, same globals). */

import {
  type MsalClient,
  type OfficeAuthHost,
  type TokenSource,
  type TokenSourceOptions,
  createDevSignInProvider,
  createEntraProvider,
  createTokenSource,
} from '../auth/index.ts';
import { type PacsClient, createPacsClient } from '../client/index.ts';
import {
  type CalculationMode,
  type EngineGateway,
  type GatewaySettings,
  ScenarioLibrary,
  SimulationJobs,
  createGateway,
} from '../gateway/index.ts';
import { type CustomFunctionsHost, registerFunctions } from '../functions/index.ts';
import { RuntimeConfig, type RuntimeConfigInput } from './config.ts';

export { RuntimeConfig } from './config.ts';
export type { RuntimeConfigInput } from './config.ts';

export interface RuntimeEnvironment {
  /** Excel's CustomFunctions; absent when the page runs outside Excel (nothing is registered). */
  customFunctions?: CustomFunctionsHost | undefined;
  /** Office's sign-in facilities (Entra ID builds). */
  office?: OfficeAuthHost | undefined;
  /** MSAL's nestable public client (Entra ID builds), created on first sign-in. */
  createMsalClient?: (() => Promise<MsalClient>) | undefined;
  /** Asks the host to recalculate the PACS cells (Excel: a full recalculation). */
  recalculate?: (() => Promise<void>) | undefined;
  fetch?: typeof fetch | undefined;
  gateway?: Omit<GatewaySettings, 'calc' | 'latestVersion'> | undefined;
  tokens?: TokenSourceOptions | undefined;
  simulations?: { firstPollMs?: number; maxPollMs?: number } | undefined;
}

export interface PacsRuntime {
  config: RuntimeConfig;
  tokens: TokenSource;
  client: PacsClient;
  gateway: EngineGateway;
  library: ScenarioLibrary;
  simulations: SimulationJobs;
  /** The ids associated with Excel (empty outside Excel). */
  functions: string[];
  /** The pane's Refresh: re-resolves "latest", recalculates, resolves when every cell has settled. */
  refresh(): Promise<void>;
  setMode(mode: CalculationMode): void;
}

const GLOBAL_KEY = '__PACS_RUNTIME__';

/** Wires the runtime and registers the functions. Synchronous, so the functions are associated while Excel
 *  loads the page. */
export function startRuntime(input: RuntimeConfigInput, env: RuntimeEnvironment = {}): PacsRuntime {
  const config = RuntimeConfig.parse(input);
  const provider =
    config.auth.mode === 'development'
      ? createDevSignInProvider({ serviceUrl: config.apiUrl, ...(env.fetch ? { fetch: env.fetch } : {}) })
      : createEntraProvider(config.auth, {
          createClient: env.createMsalClient ?? (() => Promise.reject(new Error('MSAL is not available'))),
          office: env.office ?? {
            nestedAppAuthSupported: () => false,
            loginHint: async () => undefined,
            openDialog: () => Promise.reject(new Error('Office dialogs are not available')),
          },
        });
  const tokens = createTokenSource(provider, env.tokens ?? {});
  const client = createPacsClient({
    baseUrl: config.apiUrl,
    tokens,
    ...(env.fetch ? { fetch: env.fetch } : {}),
  });
  const gateway = createGateway(client, env.gateway ?? {});
  const library = new ScenarioLibrary(client, gateway);
  const simulations = new SimulationJobs(client, gateway, env.simulations ?? {});
  const functions = env.customFunctions
    ? registerFunctions(env.customFunctions, { gateway, library, simulations })
    : [];
  // Signing out must not leave another user's results on screen at the next recalculation.
  tokens.subscribe((s) => {
    if (s.status === 'signed_out' && s.reason === 'signed out') gateway.clearCache();
  });
  const runtime: PacsRuntime = {
    config,
    tokens,
    client,
    gateway,
    library,
    simulations,
    functions,
    refresh: () => gateway.refresh(env.recalculate),
    setMode: (mode) => gateway.setMode(mode),
  };
  (globalThis as Record<string, unknown>)[GLOBAL_KEY] = runtime;
  return runtime;
}

/** The runtime of this page (the task pane reaches the functions' instance through it). */
export function pacsRuntime(): PacsRuntime | undefined {
  return (globalThis as Record<string, unknown>)[GLOBAL_KEY] as PacsRuntime | undefined;
}
