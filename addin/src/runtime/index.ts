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
import { type CustomFunctionsHost, NotConfiguredError, registerFunctions } from '../functions/index.ts';
import { RuntimeConfig, type RuntimeConfigInput } from './config.ts';

export { DeployedConfig, RuntimeConfig, fromDeployedConfig, loadDeployedConfig } from './config.ts';
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
const READY_KEY = '__PACS_RUNTIME_READY__';

/** Wires the runtime and registers the functions. Synchronous, so the functions are associated while Excel
 *  loads the page. */
export function startRuntime(input: RuntimeConfigInput, env: RuntimeEnvironment = {}): PacsRuntime {
  const runtime = createRuntime(input, env);
  if (env.customFunctions) runtime.functions = registerFunctions(env.customFunctions, runtime);
  publish(runtime);
  return runtime;
}

/** For a build whose configuration arrives at run time (config.json of a deployed environment): the functions
 *  are associated at once, as Excel needs, and each call waits for the configuration; if it never comes, every
 *  call answers #N/A saying so instead of waiting. */
export function startRuntimeWhenConfigured(
  config: Promise<RuntimeConfigInput>,
  env: RuntimeEnvironment = {},
): Promise<PacsRuntime> {
  const ready = config.then(
    (input) => {
      const runtime = createRuntime(input, env);
      publish(runtime);
      return runtime;
    },
    (e: unknown) => {
      throw new NotConfiguredError((e as Error).message);
    },
  );
  ready.catch(() => {});
  (globalThis as Record<string, unknown>)[READY_KEY] = ready;
  if (env.customFunctions) {
    const functions = registerFunctions(env.customFunctions, () => ready);
    ready.then(
      (r) => {
        r.functions = functions;
      },
      () => {},
    );
  }
  return ready;
}

/** The runtime's parts, without registering anything. */
export function createRuntime(input: RuntimeConfigInput, env: RuntimeEnvironment = {}): PacsRuntime {
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
  // Signing out must not leave another user's results on screen at the next recalculation.
  tokens.subscribe((s) => {
    if (s.status === 'signed_out' && s.reason === 'signed out') gateway.clearCache();
  });
  return {
    config,
    tokens,
    client,
    gateway,
    library,
    simulations,
    functions: [],
    refresh: () => gateway.refresh(env.recalculate),
    setMode: (mode) => gateway.setMode(mode),
  };
}

function publish(runtime: PacsRuntime): void {
  const page = globalThis as Record<string, unknown>;
  page[GLOBAL_KEY] = runtime;
  page[READY_KEY] ??= Promise.resolve(runtime);
}

/** The runtime of this page (the task pane reaches the functions' instance through it); undefined until a
 *  deployed build has read its configuration. */
export function pacsRuntime(): PacsRuntime | undefined {
  return (globalThis as Record<string, unknown>)[GLOBAL_KEY] as PacsRuntime | undefined;
}

/** The runtime once it is configured (rejects, saying why, when a deployed build has no usable config.json). */
export function pacsRuntimeReady(): Promise<PacsRuntime> {
  const ready = (globalThis as Record<string, unknown>)[READY_KEY] as Promise<PacsRuntime> | undefined;
  return ready ?? Promise.reject(new Error('the PACS runtime has not started on this page'));
}
