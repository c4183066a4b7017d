// examples/PACS-demo.xlsx as a file: every PACS.* function used, stored as Excel stores add-in functions
// (_xldudf_PACS_X; a plain PACS.X stays #NAME? after the add-in loads), each with a cached value, spills marked
// as dynamic arrays; and the values-only copy holds the same numbers without a formula.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../shared/contract/operations/index.ts';

const file = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

type Formula = { sheet: string; address: string; formula: string; result: unknown; ref?: string };

/** The cached <v> of each formula cell, read from the package itself (exceljs reads a cached 0 as no value). */
async function cachedInXml(name: string, sheets: string[]): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(file(name)));
  const out = new Map<string, string>();
  for (const [i, sheet] of sheets.entries()) {
    const xml = await zip.file(`xl/worksheets/sheet${i + 1}.xml`)!.async('string');
    for (const m of xml.matchAll(
      /<c r="([A-Z]+\d+)"[^>]*>(<f[^>]*>[^<]*<\/f>|<f[^>]*\/>)(?:<v>([^<]*)<\/v>)?/g,
    ))
      if (m[3] !== undefined) out.set(`${sheet}!${m[1]}`, m[3]);
  }
  return out;
}

async function cells(name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file(name));
  const raw = await cachedInXml(
    name,
    wb.worksheets.map((w) => w.name),
  );
  const formulas: Formula[] = [];
  const values = new Map<string, unknown>();
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as {
          formula?: string;
          result?: unknown;
          ref?: string;
          shareType?: string;
        } | null;
        const key = `${ws.name}!${cell.address}`;
        if (v && typeof v === 'object' && 'formula' in v && v.formula) {
          const cached = raw.get(key);
          const result = v.result ?? (cached === undefined ? undefined : Number(cached));
          formulas.push({
            sheet: ws.name,
            address: cell.address,
            formula: v.formula,
            result,
            ...(v.ref ? { ref: v.ref } : {}),
          });
          values.set(key, result);
        } else values.set(key, v);
      }),
    ),
  );
  return { formulas, values, sheets: wb.worksheets.map((w) => w.name) };
}

describe('examples/PACS-demo.xlsx', () => {
  let demo: Awaited<ReturnType<typeof cells>>;
  beforeAll(async () => {
    demo = await cells('PACS-demo.xlsx');
  });

  it('uses every PACS function, stored as _xldudf_PACS_<ID>', () => {
    for (const f of FUNCTIONS)
      expect(
        demo.formulas.some((c) => c.formula.startsWith(`_xldudf_PACS_${f.id}(`)),
        f.id,
      ).toBe(true);
    expect(demo.formulas.filter((c) => /(^|[^_A-Za-z0-9])PACS\./.test(c.formula))).toEqual([]);
  });

  it('opens readable without the add-in: every formula has a cached value', () => {
    for (const c of demo.formulas) expect(c.result, `${c.sheet}!${c.address}`).not.toBeUndefined();
    expect(demo.values.get('Contract!B4')).toBeGreaterThan(100_000_000); // a contract value, in GBP
  });

  it('has a sheet that explains each function', () => {
    for (const f of FUNCTIONS) expect([...demo.values.values()]).toContain(`PACS.${f.id}`);
  });

  it('marks every spill as a dynamic array (cm="1" on its anchor, XLDAPR cell metadata)', async () => {
    const zip = await JSZip.loadAsync(readFileSync(file('PACS-demo.xlsx')));
    const metadata = await zip.file('xl/metadata.xml')!.async('string');
    expect(metadata).toContain('<metadataType name="XLDAPR"');
    expect(metadata).toContain('<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('PartName="/xl/metadata.xml"');
    expect(await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).toContain(
      'relationships/sheetMetadata',
    );
    const spills = demo.formulas.filter((c) => c.ref);
    expect(spills.length).toBeGreaterThan(10);
    for (const s of spills) {
      const index = demo.sheets.indexOf(s.sheet) + 1;
      const xml = await zip.file(`xl/worksheets/sheet${index}.xml`)!.async('string');
      expect(xml, `${s.sheet}!${s.address}`).toMatch(
        new RegExp(`<c r="${s.address}" cm="1"[^>]*><f t="array" ref="${s.ref}">`),
      );
    }
    // Scalar results are plain formulas: no array markup.
    const scalar = demo.formulas.find((c) => c.formula.startsWith('_xldudf_PACS_CAPITATION('))!;
    expect(scalar.ref).toBeUndefined();
  });
});

describe('examples/PACS-demo-values.xlsx', () => {
  it('holds the same values with no formula, for colleagues without the add-in', async () => {
    const demo = await cells('PACS-demo.xlsx');
    const copy = await cells('PACS-demo-values.xlsx');
    expect(copy.formulas).toEqual([]);
    for (const c of demo.formulas)
      expect(copy.values.get(`${c.sheet}!${c.address}`), `${c.sheet}!${c.address}`).toEqual(c.result);
    for (const [key, v] of demo.values)
      if (key !== 'Read me!A2') expect(copy.values.get(key), key).toEqual(v);
    expect(String(copy.values.get('Read me!A2'))).toMatch(/^VALUES ONLY/);
  });
});
