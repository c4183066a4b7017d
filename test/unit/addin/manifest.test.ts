// manifest.xml and manifest.dev.xml: offline XSD validation, plus the rules the schema cannot express (URLs
// resolve to served files, one shared-runtime page, one namespace per identity, ids stable and distinct), and
// the generator the CDK app uses for deployed environments. Contents: excel-addin-platform.md §1.1, §4.8, §5.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { committedManifests } from '../../../addin/build/committedManifests.ts';
import {
  DEVELOPMENT_IDENTITY,
  PRODUCTION_IDENTITY,
  generateManifest,
} from '../../../addin/build/manifest.ts';
import { loadSchemaSet, schemaDir, validateManifest } from './xsd.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const publicDir = path.join(repoRoot, 'addin', 'public');
const ORIGIN = 'https://localhost:3000';
/** What the build writes beside addin/public's files (addin/build/buildAddin.ts). */
const BUILT = ['functions.js', 'functions.json'];

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const strip = (xml: string) => xml.replace(/<!--[\s\S]*?-->/g, '');

/** The DefaultValue of a bt:Url / bt:Image / bt:String resource. */
function resource(code: string, id: string): string {
  const m = code.match(
    new RegExp(`<bt:(?:Url|Image|String) id="${id.replace(/\./g, '\\.')}" DefaultValue="([^"]*)"`),
  );
  if (!m) throw new Error(`no resource ${id}`);
  return m[1]!;
}

/** The resid on the first element matching `pattern` (a regex source ending just before ` resid=`). */
function resid(code: string, pattern: string): string {
  const m = code.match(new RegExp(`${pattern}[^>]*? resid="([^"]+)"`));
  if (!m) throw new Error(`no match for ${pattern}`);
  return m[1]!;
}

/** Whether the add-in server serves a URL: a file of addin/public or one the build writes. */
function served(url: string): boolean {
  const p = new URL(url).pathname;
  const rel = p.endsWith('/') ? `${p.slice(1)}index.html` : p.slice(1);
  return BUILT.includes(rel) || existsSync(path.join(publicDir, rel));
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('the committed manifests', () => {
  it('are what the generator writes (npm run manifest:local)', () => {
    for (const [file, xml] of Object.entries(committedManifests())) expect(read(file), file).toBe(xml);
  });

  it('give production and development their own id and namespace, so both load side by side', () => {
    const prod = strip(read('manifest.xml'));
    const dev = strip(read('manifest.dev.xml'));
    expect(prod).toContain(`<Id>${PRODUCTION_IDENTITY.id}</Id>`);
    expect(dev).toContain(`<Id>${DEVELOPMENT_IDENTITY.id}</Id>`);
    expect(PRODUCTION_IDENTITY.id).not.toBe(DEVELOPMENT_IDENTITY.id);
    expect(resource(prod, resid(prod, '<Namespace'))).toBe('PACS');
    expect(resource(dev, resid(dev, '<Namespace'))).toBe('PACSDEV');
    // The production id predates this generator: Excel knows the add-in by it.
    expect(PRODUCTION_IDENTITY.id).toBe('55db612c-4941-4df0-a12f-5785b4f1ca7f');
  });
});

describe('manifests against the Office add-in XSDs (offline)', () => {
  let schemas: ReturnType<typeof loadSchemaSet>;
  beforeAll(() => {
    schemas = loadSchemaSet(schemaDir(repoRoot));
  });

  it('loads the whole schema set from ../shared', () => {
    const names = schemas.map((s) => s.fileName);
    expect(names).toContain('xmllint/OfficeAppManifestV1_1.xsd');
    expect(names).toContain('xmllint/TaskPaneAppVersionOverridesV1_0.xsd');
    expect(names).toContain('xmllint/OfficeAppBasicTypesV1_0.xsd');
  });

  it.each([
    ['manifest.xml', () => read('manifest.xml')],
    ['manifest.dev.xml', () => read('manifest.dev.xml')],
    [
      'a deployed environment',
      () =>
        generateManifest({
          ...PRODUCTION_IDENTITY,
          addinUrl: 'https://addin.pacs.example.nhs.uk/',
          version: '1.2.0.7',
          appDomains: ['https://login.microsoftonline.com'],
        }),
    ],
  ])('%s validates', async (_, xml) => {
    const r = await validateManifest(xml(), schemas);
    expect(r.rawOutput).toContain('manifest.xml validates');
    expect(r.valid).toBe(true);
  });

  // The schema check must be able to fail, or a green test proves nothing.
  it.each([
    ['no <Id>', (x: string) => x.replace(/<Id>[^<]*<\/Id>/, ''), /Version.*not expected.*Id/],
    ['a bad lifetime', (x: string) => x.replace('lifetime="long"', 'lifetime="forever"'), /forever/],
    [
      'an unknown element in Host',
      (x: string) => x.replace('<AllFormFactors>', '<Bogus/><AllFormFactors>'),
      /Bogus/,
    ],
  ])('rejects a copy with %s', async (_, breakIt, message) => {
    const manifest = read('manifest.xml');
    const broken = breakIt(manifest);
    expect(broken).not.toBe(manifest);
    const r = await validateManifest(broken, schemas);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(message);
  });
});

describe.each(['manifest.xml', 'manifest.dev.xml'])('%s rules outside the schema', (file) => {
  const code = strip(read(file));
  const urls = [...code.replace(/\sxmlns(:\w+)?="[^"]*"/g, '').matchAll(/https?:\/\/[^"<\s]+/g)].map(
    (m) => m[0],
  );

  it('points every URL at a file the add-in server serves', () => {
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url === ORIGIN || url.startsWith(`${ORIGIN}/`), url).toBe(true);
      expect(served(url), url).toBe(true);
    }
  });

  it('has icons of the sizes it declares', () => {
    const file = (url: string) => path.join(publicDir, new URL(url).pathname);
    for (const m of code.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g))
      expect(pngSize(file(resource(code, m[2]!)))).toEqual([Number(m[1]), Number(m[1])]);
    expect(pngSize(file(code.match(/<IconUrl DefaultValue="([^"]+)"/)![1]!))).toEqual([32, 32]);
    expect(pngSize(file(code.match(/<HighResolutionIconUrl DefaultValue="([^"]+)"/)![1]!))).toEqual([64, 64]);
  });

  it('runs pane, ribbon button and functions in one shared runtime on the task pane page', () => {
    const runtime = resid(code, '<Runtime');
    expect(code).toMatch(new RegExp(`<Runtime resid="${runtime}" lifetime="long"`));
    const sourceLocation = code.match(/<DefaultSettings>\s*<SourceLocation DefaultValue="([^"]+)"/)![1];
    expect(resource(code, runtime)).toBe(sourceLocation);
    // Pitfall: a different resid on the functions Page or FunctionFile silently loses the shared runtime.
    expect(resid(code, '<Page>\\s*<SourceLocation')).toBe(runtime);
    expect(resid(code, '<FunctionFile')).toBe(runtime);
    expect(resid(code, '<Action xsi:type="ShowTaskpane">[\\s\\S]*?<SourceLocation')).toBe(runtime);
    expect(code).toMatch(/<Set Name="SharedRuntime" MinVersion="1\.1"\/>/);
    expect(code).toMatch(/<Set Name="CustomFunctionsRuntime" MinVersion="1\.1"\/>/);
    expect(code).toMatch(/<Control xsi:type="Button" id="PACS(DEV)?\.TaskpaneButton">/);
  });

  it('names the script and metadata the build writes', () => {
    expect(resource(code, resid(code, '<Script>\\s*<SourceLocation'))).toBe(`${ORIGIN}/functions.js`);
    expect(resource(code, resid(code, '<Metadata>\\s*<SourceLocation'))).toBe(`${ORIGIN}/functions.json`);
    // The page carries the functions namespace so the pane writes formulas the add-in registered (PACS or PACSDEV).
    const namespace = code.match(/<bt:String id="Functions\.Namespace" DefaultValue="([^"]+)"/)![1];
    expect(resource(code, 'Taskpane.Url')).toBe(`${ORIGIN}/taskpane.html?ns=${namespace}`);
    expect(namespace).toBe(file === 'manifest.dev.xml' ? 'PACSDEV' : 'PACS');
  });
});

describe('generateManifest', () => {
  it.each([
    [{ addinUrl: 'http://localhost:3000' }, /HTTPS/],
    [{ namespace: 'pacs' }, /namespace/],
    [{ id: 'not-a-guid' }, /GUID/],
    [{ version: '1.0' }, /four parts/],
  ])('refuses %o', (change, message) => {
    expect(() => generateManifest({ ...PRODUCTION_IDENTITY, addinUrl: ORIGIN, ...change })).toThrow(message);
  });

  it('escapes what goes into attributes', () => {
    const xml = generateManifest({ ...DEVELOPMENT_IDENTITY, displayName: 'A & B "dev"', addinUrl: ORIGIN });
    expect(xml).toContain('DefaultValue="A &amp; B &quot;dev&quot;"');
  });
});

describe('the shared runtime page', () => {
  it('taskpane.html loads office.js from the CDN, then the functions bundle', () => {
    const html = readFileSync(path.join(publicDir, 'taskpane.html'), 'utf8');
    const office = html.indexOf('src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"');
    const bundle = html.indexOf('src="functions.js"');
    expect(office).toBeGreaterThan(0);
    expect(bundle).toBeGreaterThan(office);
  });

  it('addin/public holds no generated files', () => {
    for (const f of BUILT) expect(readdirSync(publicDir)).not.toContain(f);
  });
});
