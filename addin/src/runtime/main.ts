// The add-in bundle's entry (functions.js): runs when Excel loads the shared-runtime page, associates the
// PACS.* functions and leaves the runtime on the page for the task pane. The build writes __PACS_CONFIG__.
import type { CustomFunctionsHost } from '../functions/index.ts';
import { startRuntime } from './index.ts';
import type { RuntimeConfigInput } from './config.ts';
import { type ExcelGlobal, type OfficeGlobal, excelRecalculate, officeAuthHost } from './officeHost.ts';
import { msalClientFactory } from './msal.ts';

declare const __PACS_CONFIG__: RuntimeConfigInput;

const page = globalThis as {
  CustomFunctions?: CustomFunctionsHost;
  Office?: OfficeGlobal;
  Excel?: ExcelGlobal;
};

startRuntime(__PACS_CONFIG__, {
  customFunctions: page.CustomFunctions,
  office: page.Office ? officeAuthHost(page.Office) : undefined,
  createMsalClient: msalClientFactory(__PACS_CONFIG__),
  recalculate: page.Excel ? excelRecalculate(page.Excel) : undefined,
});
