// examples/PACS-demo.xlsx against the real service: opened in the recalculation host with the add-in loaded (its
// _xldudf_ names read as PACS.*), the three examples saved to an organisation and their references pasted into
// Inputs, every PACS cell recalculates to the value the file caches; and the generator still writes the
// committed file (examples/*.json or the engine changed: run npm run demo).
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REFS, type ExampleName, buildDemoWorkbook } from '../../../scripts/demoWorkbook/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { parseRange } from '../../support/excel/addresses.ts';
import { example, openExcel } from './excel.ts';
import { type Service, newOrg, startService } from './service.ts';

let service: Service;
beforeAll(async () => {
  service = await startService(await ddbEndpoint());
});
afterAll(() => service?.close());

const committed = fileURLToPath(new URL('../../../examples/PACS-demo.xlsx', import.meta.url));

type Cell = { formula?: string; result?: unknown; ref?: string } | string | number | boolean | null;

/** Every cell of a workbook file, and the ranges its dynamic arrays spill into. */
async function readWorkbook(file: string | Buffer) {
  const wb = new ExcelJS.Workbook();
  if (typeof file === 'string') await wb.xlsx.readFile(file);
  else await wb.xlsx.load(file as unknown as ArrayBuffer);
  const cells = new Map<string, Cell>();
  const spills: { anchor: string; sheet: string; ref: string }[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as Cell;
        cells.set(`${ws.name}!${cell.address}`, v);
        if (v && typeof v === 'object' && v.ref)
          spills.push({ anchor: `${ws.name}!${cell.address}`, sheet: ws.name, ref: v.ref });
      }),
    ),
  );
  return { cells, spills };
}

describe('the demo workbook', () => {
  it('is what the generator writes now', async () => {
    const fresh = await buildDemoWorkbook();
    const a = await readWorkbook(committed);
    const b = await readWorkbook(fresh.workbook);
    expect([...b.cells.keys()].sort()).toEqual([...a.cells.keys()].sort());
    for (const [key, v] of b.cells) expect(a.cells.get(key), key).toEqual(v);
  });

  it('recalculates against the service to the values it caches', async () => {
    const { cells, spills } = await readWorkbook(committed);
    const x = openExcel(service.url, { sheet: 'Inputs' });
    await x.signIn(newOrg());
    const refs = new Map<string, string>();
    for (const name of Object.keys(DEMO_REFS) as ExampleName[]) {
      const saved = await x.runtime.client.scenarios.create(example(name));
      refs.set(DEMO_REFS[name], `${saved.id}@${saved.version}`);
    }
    // Spilled cells hold values only in the file: Excel lays them out from the anchor's formula.
    const spilled = new Set<string>();
    for (const s of spills) {
      const r = parseRange(s.ref, s.sheet);
      for (let row = r.r1; row <= r.r2; row++)
        for (let col = r.c1; col <= r.c2; col++) {
          const key = `${s.sheet}!${String.fromCharCode(64 + col)}${row}`;
          if (key !== s.anchor) spilled.add(key);
        }
    }
    const pacs: string[] = [];
    for (const [key, v] of cells) {
      if (spilled.has(key)) continue;
      const [sheet, address] = key.split('!');
      if (v && typeof v === 'object') {
        x.host.set(`'${sheet}'!${address}`, `=${v.formula}`);
        pacs.push(key);
      } else
        x.host.set(`'${sheet}'!${address}`, refs.get(String(v)) ?? (v as string | number | boolean | null));
    }
    await x.host.recalculate();
    // SIMULATE streams: queued, running, then its table.
    await x.host.waitFor(() => x.host.value("'Settlement'!D4") === 'party', 'the simulation', 120_000);
    expect(x.host.busyCells()).toEqual([]);
    // Handles show this organisation's provenance, not the file's demo one: compared apart.
    const provenance = pacs.filter((k) =>
      /_xldudf_PACS_SCENARIOS?\(/.test((cells.get(k) as { formula: string }).formula),
    );
    expect(provenance).toHaveLength(4);
    for (const key of pacs.filter((k) => !provenance.includes(k))) {
      const [sheet, address] = key.split('!');
      const spill = spills.find((s) => s.anchor === key);
      if (!spill) {
        // exceljs reads a cached 0 as no result (the file holds <v>0</v>; test/unit/examples checks it).
        expect(x.host.value(`'${sheet}'!${address}`), key).toEqual(
          (cells.get(key) as { result: unknown }).result ?? 0,
        );
        continue;
      }
      const r = parseRange(spill.ref, spill.sheet);
      const got = x.host.range(`'${sheet}'!${address}`, r.r2 - r.r1 + 1, r.c2 - r.c1 + 1);
      got.forEach((row, i) =>
        row.forEach((v, j) => {
          const at = `${sheet}!${String.fromCharCode(64 + r.c1 + j)}${r.r1 + i}`;
          // A blank in a spill is an empty cell in the file.
          const expected =
            i === 0 && j === 0 ? (cells.get(key) as { result: unknown }).result : cells.get(at);
          expect(v, at).toEqual(expected ?? '');
        }),
      );
    }
    const handle = x.host.range("'Scenarios'!A3", 1, 6)[0]!;
    expect(handle[0]).toBe(refs.get(DEMO_REFS['fully-integrated-tameside']));
    expect(handle[5]).toBe('latest version');
  });
});
