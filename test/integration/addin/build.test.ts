// The add-in as built (esbuild): the bundle Excel loads associates exactly the functions functions.json
// declares, does nothing outside Excel, never bundles office.js, carries MSAL only in Entra ID builds, and its
// functions answer from a real service once signed in.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAddin } from '../../../addin/build/buildAddin.ts';
import { functionsMetadata } from '../../../addin/build/functionsJson.ts';
import type { PacsRuntime } from '../../../addin/src/runtime/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { FakeCustomFunctionsRuntime } from '../../support/excel/fakeCustomFunctions.ts';
import { example } from './excel.ts';
import { type Service, newOrg, startService } from './service.ts';

let service: Service;
let dev: string;
beforeAll(async () => {
  service = await startService(await ddbEndpoint());
  dev = mkdtempSync(join(tmpdir(), 'pacs-addin-dev-'));
  await buildAddin({ outDir: dev, config: { apiUrl: service.url, auth: { mode: 'development' } } });
});
afterAll(() => service?.close());

/** Loads a bundle as the shared-runtime page would, with the browser globals it uses. */
function load(bundle: string, extra: Record<string, unknown>) {
  const page: Record<string, unknown> = {
    fetch,
    setTimeout,
    clearTimeout,
    AbortController,
    TextEncoder,
    URL,
    URLSearchParams,
    atob,
    crypto,
    console,
    ...extra,
  };
  vm.runInNewContext(bundle, page);
  return page;
}

describe('the built add-in', () => {
  it('writes the served files: the bundle, functions.json from the catalogue, and the public pages', () => {
    const files = readdirSync(dev).sort();
    expect(files).toEqual(
      expect.arrayContaining(['assets', 'functions.js', 'functions.json', 'index.html', 'taskpane.html']),
    );
    expect(JSON.parse(readFileSync(join(dev, 'functions.json'), 'utf8'))).toEqual(functionsMetadata());
  });

  it('associates exactly the functions functions.json declares, and does nothing outside Excel', () => {
    const excel = new FakeCustomFunctionsRuntime(functionsMetadata());
    load(readFileSync(join(dev, 'functions.js'), 'utf8'), { CustomFunctions: excel.CustomFunctions });
    expect(excel.associated().sort()).toEqual(
      functionsMetadata()
        .functions.map((f) => f.id.toUpperCase())
        .sort(),
    );
    expect(excel.warnings).toEqual([]);
    expect(() => load(readFileSync(join(dev, 'functions.js'), 'utf8'), {})).not.toThrow();
  });

  it('answers from the service once signed in through the shared runtime the pane uses', async () => {
    const excel = new FakeCustomFunctionsRuntime(functionsMetadata());
    const page = load(readFileSync(join(dev, 'functions.js'), 'utf8'), {
      CustomFunctions: excel.CustomFunctions,
    });
    const runtime = page.__PACS_RUNTIME__ as PacsRuntime;
    expect(await excel.invoke('VERSION', [], 'A1').result).toEqual({
      error: '#N/A',
      message: 'Sign in from the PACS pane',
    });
    await runtime.tokens.signIn({ org: newOrg(), user: 'built' });
    const saved = await runtime.client.scenarios.create(example('virtual-east-lindsey'));
    const r = await excel.invoke('CAPITATION', [`${saved.id}@1`, 1, 'person_years'], 'A2').result;
    expect(r).toMatchObject({ value: expect.any(Number) });
    expect(await excel.invoke('VERSION', [], 'A1').result).toEqual({
      value: expect.stringMatching(/^PACS Capitation engine /),
    });
  });

  it('never bundles office.js, and leaves MSAL out of development builds', () => {
    const bundle = readFileSync(join(dev, 'functions.js'), 'utf8');
    expect(bundle).not.toMatch(/OfficeExtension|Microsoft\.Office\.WebExtension/);
    expect(bundle).not.toMatch(/createNestablePublicClientApplication/);
    expect(readdirSync(dev)).not.toContain('auth-dialog.html');
  });

  it('builds Entra ID variants with MSAL and the fallback sign-in dialog', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pacs-addin-entra-'));
    await buildAddin({
      outDir: out,
      config: {
        apiUrl: 'https://api.pacs.example.nhs.uk',
        auth: {
          mode: 'entra',
          clientId: '11111111-1111-4111-8111-111111111111',
          tenantId: '22222222-2222-4222-8222-222222222222',
          apiScope: 'api://33333333-3333-4333-8333-333333333333/access_as_user',
          redirectUri: 'https://addin.pacs.example.nhs.uk/taskpane.html',
          dialogUrl: 'https://addin.pacs.example.nhs.uk/auth-dialog.html',
        },
      },
    });
    expect(readFileSync(join(out, 'functions.js'), 'utf8')).toMatch(
      /createNestablePublicClientApplication|NestedAppAuth/,
    );
    expect(readFileSync(join(out, 'auth-dialog.html'), 'utf8')).toContain(
      '<script src="auth-dialog.js"></script>',
    );
    expect(readdirSync(out)).toContain('auth-dialog.js');
  });

  it('builds once for every environment: a deployable build reads config.json from its own origin', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pacs-addin-deploy-'));
    const built = await buildAddin({ outDir: out });
    expect(built.files).toEqual([
      'functions.js',
      'functions.json',
      'pane.js',
      'auth-dialog.html',
      'auth-dialog.js',
    ]);
    const bundle = readFileSync(join(out, 'functions.js'), 'utf8');
    const configured = (config: unknown, status = 200) => {
      const excel = new FakeCustomFunctionsRuntime(functionsMetadata());
      const asked: string[] = [];
      load(bundle, {
        CustomFunctions: excel.CustomFunctions,
        location: { origin: 'https://addin.pacs.example.nhs.uk' },
        fetch: async (url: string) => {
          asked.push(url);
          return new Response(JSON.stringify(config), { status });
        },
      });
      return { excel, asked };
    };
    // As the CDK app writes it (infra/stack.ts): associated at once, then waiting for a sign-in.
    const ok = configured({
      environment: 'test',
      apiBaseUrl: 'https://api.pacs.example.nhs.uk',
      functionsNamespace: 'PACSTEST',
      auth: { mode: 'entra', tenantId: 't', clientId: 'c', scope: 'api://c/access_as_user' },
    });
    expect(ok.excel.associated()).toHaveLength(functionsMetadata().functions.length);
    expect(await ok.excel.invoke('VERSION', [], 'A1').result).toEqual({
      error: '#N/A',
      message: 'Sign in from the PACS pane',
    });
    expect(ok.asked).toEqual(['https://addin.pacs.example.nhs.uk/config.json']);
    // No usable config.json: every call says so at once.
    const missing = configured({}, 404);
    expect(await missing.excel.invoke('VERSION', [], 'A1').result).toEqual({
      error: '#N/A',
      message: 'The PACS add-in is not configured (config.json: HTTP 404): tell your administrator',
    });
  });

  it('refuses a configuration that is not one', async () => {
    await expect(
      buildAddin({
        outDir: mkdtempSync(join(tmpdir(), 'pacs-addin-bad-')),
        config: { apiUrl: 'not a url', auth: { mode: 'development' } },
      }),
    ).rejects.toThrow(/apiUrl/);
  });
});
