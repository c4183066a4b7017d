// "Excel" for add-in tests: the fake custom-functions runtime with the add-in's real runtime registered in it
// (the same code Excel loads), and a recalculation host on fast-formula-parser evaluating a workbook through
// it, against a real service over HTTP.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { functionsMetadata } from '../../../addin/build/functionsJson.ts';
import type { TokenSourceOptions } from '../../../addin/src/auth/index.ts';
import type { GatewaySettings } from '../../../addin/src/gateway/index.ts';
import { type PacsRuntime, startRuntime } from '../../../addin/src/runtime/index.ts';
import { FakeCustomFunctionsRuntime } from '../../support/excel/fakeCustomFunctions.ts';
import { RecalcHost } from '../../support/excel/recalcHost.ts';

export interface Excel {
  runtime: PacsRuntime;
  excel: FakeCustomFunctionsRuntime;
  host: RecalcHost;
  signIn(org: string, user?: string): Promise<void>;
}

export function openExcel(
  serviceUrl: string,
  options: {
    tokens?: TokenSourceOptions;
    gateway?: Omit<GatewaySettings, 'calc' | 'latestVersion'>;
    sheet?: string;
  } = {},
): Excel {
  const metadata = functionsMetadata();
  const excel = new FakeCustomFunctionsRuntime(metadata);
  const host = new RecalcHost(excel, metadata, 'PACS', options.sheet ?? 'Model');
  const runtime = startRuntime(
    { apiUrl: serviceUrl, auth: { mode: 'development' }, build: 'test' },
    {
      customFunctions: excel.CustomFunctions,
      // Refresh asks "Excel" to recalculate every formula, as the pane does with a full calculation.
      recalculate: async () => {
        await host.recalculateAll();
      },
      // Quick retries so a stopped service fails in well under a second instead of tens of seconds.
      gateway: { retry: { retries: 2, baseMs: 20, maxMs: 80 }, timeoutMs: 10_000, ...options.gateway },
      simulations: { firstPollMs: 50, maxPollMs: 200 },
      ...(options.tokens ? { tokens: options.tokens } : {}),
    },
  );
  return {
    runtime,
    excel,
    host,
    async signIn(org, user = 'analyst') {
      const state = await runtime.tokens.signIn({ org, user, name: `${user} (${org})` });
      if (state.status !== 'signed_in') throw new Error(`sign-in failed: ${JSON.stringify(state)}`);
    },
  };
}

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** An example scenario document (examples/*.json, built from NHS data). */
export function example(
  name: 'fully-integrated-tameside' | 'partially-integrated-south-somerset' | 'virtual-east-lindsey',
) {
  return JSON.parse(readFileSync(`${examplesDir}${name}.json`, 'utf8')) as Record<string, unknown>;
}

export const EXAMPLES = [
  'fully-integrated-tameside',
  'partially-integrated-south-somerset',
  'virtual-east-lindsey',
] as const;
