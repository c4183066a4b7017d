// The add-in bundle's entry (functions.js): runs when Excel loads the shared-runtime page, associates the
// PACS.* functions and leaves the runtime on the page for the task pane. A local build carries its
// configuration (__PACS_CONFIG__); a deployable build reads config.json from its own origin, which the CDK app
// writes per environment.
import type { CustomFunctionsHost } from '../functions/index.ts';
import { type RuntimeEnvironment, startRuntime, startRuntimeWhenConfigured } from './index.ts';
import { type RuntimeConfigInput, loadDeployedConfig } from './config.ts';
import { msalClientFactory } from './msal.ts';
import { type ExcelGlobal, type OfficeGlobal, excelRecalculate, officeAuthHost } from './officeHost.ts';

declare const __PACS_CONFIG__: RuntimeConfigInput | undefined;

const page = globalThis as {
  CustomFunctions?: CustomFunctionsHost;
  Office?: OfficeGlobal;
  Excel?: ExcelGlobal;
  location?: { origin: string };
};

const host: RuntimeEnvironment = {
  customFunctions: page.CustomFunctions,
  office: page.Office ? officeAuthHost(page.Office) : undefined,
  recalculate: page.Excel ? excelRecalculate(page.Excel) : undefined,
};

if (typeof __PACS_CONFIG__ !== 'undefined')
  startRuntime(__PACS_CONFIG__, { ...host, createMsalClient: msalClientFactory(__PACS_CONFIG__) });
else {
  const config = loadDeployedConfig(page.location?.origin ?? '');
  // MSAL is created on first sign-in, by then the configuration has arrived.
  void startRuntimeWhenConfigured(config, {
    ...host,
    createMsalClient: async () => {
      const create = msalClientFactory(await config);
      if (!create) throw new Error('this build has no Entra ID sign-in');
      return create();
    },
  });
}
