import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADDIN_URL, generateManifest } from '../../../addin/build/manifest.ts';
import { loadSchemaSet, schemaDir, validateManifest } from './xsd.ts';

/* The manifest of a deployed environment (`npm run manifest -- --env NAME` calls generateManifest with the
 * environment's CloudFront origin, id, namespace and name): valid against the Office add-in XSDs, with no trace of
 * the development origin or the product's own id. */

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const target = {
  addinUrl: 'https://d111111abcdef8.cloudfront.net',
  id: '3f1d4b52-7c2e-4a8e-9d1b-6e0f2a9c4d71',
  namespace: 'PACSTEST',
  displayName: 'PACS Capitation (test & training)',
};

describe('the manifest of a deployed environment', () => {
  let schemas: ReturnType<typeof loadSchemaSet>;
  beforeAll(() => {
    schemas = loadSchemaSet(schemaDir(repoRoot));
  });
  const xml = generateManifest(target);
  const code = xml.replace(/<!--[\s\S]*?-->/g, '');

  it('points every URL at the environment origin and none at the development one', () => {
    expect(code).not.toContain(LOCAL_ADDIN_URL);
    const urls = [...code.matchAll(/DefaultValue="(https:[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(8);
    for (const url of urls) expect(url.startsWith(`${target.addinUrl}/`)).toBe(true);
    expect(code).toContain(`<AppDomain>${target.addinUrl}</AppDomain>`);
  });

  it("carries the environment's own add-in id, function namespace and (escaped) name", () => {
    expect(code).toContain(`<Id>${target.id}</Id>`);
    expect(code).not.toContain('55db612c-4941-4df0-a12f-5785b4f1ca7f');
    expect(code).toContain('<bt:String id="Functions.Namespace" DefaultValue="PACSTEST"/>');
    expect(code).toContain('DisplayName DefaultValue="PACS Capitation (test &amp; training)"');
  });

  it('validates against the Office add-in manifest XSDs', async () => {
    const r = await validateManifest(xml, schemas);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('refuses a plain-http origin, a malformed id and a lower-case namespace', () => {
    expect(() => generateManifest({ ...target, addinUrl: 'http://x.example' })).toThrow(/HTTPS/);
    expect(() => generateManifest({ ...target, id: 'prod' })).toThrow(/GUID/);
    expect(() => generateManifest({ ...target, namespace: 'pacs' })).toThrow(/upper-case/);
  });
});
