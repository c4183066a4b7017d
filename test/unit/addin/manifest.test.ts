// manifest.xml: offline XSD validation, plus the rules the schema cannot express (URLs resolve to served
// files, one shared-runtime page, PACS namespace, functions.json ids). Contents: excel-addin-platform.md §1.1, §5.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaSet, schemaDir, validateManifest } from './xsd.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const publicDir = path.join(repoRoot, 'addin', 'public');
const ORIGIN = 'https://localhost:3000';
const manifest = readFileSync(path.join(repoRoot, 'manifest.xml'), 'utf8');
const code = manifest.replace(/<!--[\s\S]*?-->/g, '');

/** The DefaultValue of a bt:Url / bt:Image / bt:String resource. */
function resource(id: string): string {
  const m = code.match(
    new RegExp(`<bt:(?:Url|Image|String) id="${id.replace(/\./g, '\\.')}" DefaultValue="([^"]*)"`),
  );
  if (!m) throw new Error(`no resource ${id}`);
  return m[1]!;
}

/** The resid on the first element matching `pattern` (a regex source ending just before ` resid=`). */
function resid(pattern: string): string {
  const m = code.match(new RegExp(`${pattern}[^>]*? resid="([^"]+)"`));
  if (!m) throw new Error(`no match for ${pattern}`);
  return m[1]!;
}

/** Maps a served URL to its file under addin/public (the static server serves index.html for "/"). */
function servedFile(url: string): string {
  const p = new URL(url).pathname;
  return path.join(publicDir, p.endsWith('/') ? `${p}index.html` : p);
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('manifest.xml against the Office add-in XSDs (offline)', () => {
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

  it('validates', async () => {
    const r = await validateManifest(manifest, schemas);
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
    const broken = breakIt(manifest);
    expect(broken).not.toBe(manifest);
    const r = await validateManifest(broken, schemas);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(message);
  });
});

describe('manifest.xml rules outside the schema', () => {
  const urls = [...code.replace(/\sxmlns(:\w+)?="[^"]*"/g, '').matchAll(/https?:\/\/[^"<\s]+/g)].map(
    (m) => m[0],
  );

  it('points every URL at a file the add-in server serves', () => {
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url === ORIGIN || url.startsWith(`${ORIGIN}/`), url).toBe(true);
      expect(existsSync(servedFile(url)), `${url} -> ${servedFile(url)}`).toBe(true);
    }
  });

  it('has icons of the sizes it declares', () => {
    for (const m of code.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g))
      expect(pngSize(servedFile(resource(m[2]!)))).toEqual([Number(m[1]), Number(m[1])]);
    expect(pngSize(servedFile(code.match(/<IconUrl DefaultValue="([^"]+)"/)![1]!))).toEqual([32, 32]);
    expect(pngSize(servedFile(code.match(/<HighResolutionIconUrl DefaultValue="([^"]+)"/)![1]!))).toEqual([
      64, 64,
    ]);
  });

  it('runs pane, ribbon and functions in one shared runtime on the task pane page', () => {
    const runtime = resid('<Runtime');
    expect(code).toMatch(new RegExp(`<Runtime resid="${runtime}" lifetime="long"`));
    const sourceLocation = code.match(/<DefaultSettings>\s*<SourceLocation DefaultValue="([^"]+)"/)![1];
    expect(resource(runtime)).toBe(sourceLocation);
    // Pitfall: a different resid on the functions Page or FunctionFile silently loses the shared runtime.
    expect(resid('<Page>\\s*<SourceLocation')).toBe(runtime);
    expect(resid('<FunctionFile')).toBe(runtime);
    expect(resid('<Action xsi:type="ShowTaskpane">[\\s\\S]*?<SourceLocation')).toBe(runtime);
    expect(code).toMatch(/<Set Name="SharedRuntime" MinVersion="1\.1"\/>/);
    expect(code).toMatch(/<Set Name="CustomFunctionsRuntime" MinVersion="1\.1"\/>/);
  });

  it('uses the PACS namespace', () => {
    const ns = resource(resid('<Namespace'));
    expect(ns).toBe('PACS');
    expect(ns).toMatch(/^[A-Z][A-Z0-9_]{0,31}$/); // ≤ 32 characters; upper case like Excel's own names
  });

  it('names the script and metadata the tests below check', () => {
    expect(resource(resid('<Script>\\s*<SourceLocation'))).toBe(`${ORIGIN}/functions.js`);
    expect(resource(resid('<Metadata>\\s*<SourceLocation'))).toBe(`${ORIGIN}/functions.json`);
    expect(resource('Taskpane.Url')).toBe(`${ORIGIN}/taskpane.html`);
  });
});

describe('custom-function files', () => {
  type Fn = { id: string; name: string; parameters: unknown[]; result: { type: string } };
  const { functions } = JSON.parse(readFileSync(path.join(publicDir, 'functions.json'), 'utf8')) as {
    functions: Fn[];
  };

  it('functions.json ids are upper case, unique and valid names', () => {
    const ids = functions.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]{2,}$/);
      expect(f.name).toMatch(/^[A-Z][A-Z0-9_.]{2,127}$/);
    }
    expect(functions).toEqual([
      expect.objectContaining({
        id: 'VERSION',
        name: 'VERSION',
        parameters: [],
        result: expect.objectContaining({ type: 'string' }),
      }),
    ]);
  });

  const script = readFileSync(path.join(publicDir, 'functions.js'), 'utf8');

  it('functions.js associates exactly the ids in functions.json', () => {
    const associated = new Map<string, () => unknown>();
    const CustomFunctions = { associate: (id: string, fn: () => unknown) => associated.set(id, fn) };
    vm.runInNewContext(script, { CustomFunctions });
    expect([...associated.keys()]).toEqual(functions.map((f) => f.id));
    expect(associated.get('VERSION')?.()).toBe('PACS Capitation (add-in preview)');
  });

  it('functions.js does nothing outside Office', () => {
    expect(() => vm.runInNewContext(script, {})).not.toThrow();
  });

  it('taskpane.html, the shared runtime page, loads office.js and functions.js', () => {
    const html = readFileSync(path.join(publicDir, 'taskpane.html'), 'utf8');
    expect(html).toContain('src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"');
    expect(html).toContain('src="functions.js"');
    expect(html).toContain('href="http://127.0.0.1:3001/v1/health"');
  });
});
