import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { FUNCTIONS } from '../../shared/contract/operations/index.ts';
import { cellKey } from './compute.ts';
import { type Layout, type PacsCell, SHEETS, formulaOf } from './layout.ts';

/* Writes the demo workbook with exceljs. Add-in functions are stored as Excel stores them, _xldudf_PACS_X(...)
 * (a cell saved as PACS.X(...) stays #NAME? after the add-in loads), each with its cached value so the file opens
 * readable before the add-in loads. A function returning a range is a dynamic array: the anchor carries the
 * formula (t="array" with its extent, cm="1" pointing at the XLDAPR dynamic-array metadata) and the cells it
 * spills into carry values only, as Excel writes them. exceljs writes no dynamic-array metadata, so it is added to
 * the package afterwards. `valuesOnly` writes the same workbook with every formula replaced by its value. */

const FORMATS = {
  gbp: '"£"#,##0',
  gbp2: '"£"#,##0.00',
  rate: '0.0%',
  count: '#,##0',
} as const;

export async function writeWorkbook(
  layout: Layout,
  values: Map<string, unknown>,
  options: { valuesOnly: boolean },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PACS Capitation (npm run demo)';
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = wb.created;
  // Excel recalculates on open only what it must; the cached values are the workbook's offline copy.
  wb.calcProperties.fullCalcOnLoad = false;
  const sheets = new Map(SHEETS.map((name) => [name as string, wb.addWorksheet(name)]));
  const sheet = (name: string) => {
    const ws = sheets.get(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    return ws;
  };

  for (const l of layout.labels) {
    const cell = sheet(l.sheet).getCell(l.address);
    cell.value = l.text;
    if (l.style === 'title') cell.font = { bold: true, size: 14, color: { argb: 'FF005EB8' } };
    if (l.style === 'heading') cell.font = { bold: true };
    if (l.style === 'note') cell.font = { italic: true, color: { argb: 'FF425563' } };
  }
  if (options.valuesOnly)
    sheet('Read me').getCell('A2').value =
      'VALUES ONLY: this copy holds no formulas and needs no add-in; numbers are as generated from the examples.';
  for (const i of layout.inputs) {
    const cell = sheet(i.sheet).getCell(i.address);
    cell.value = i.value;
    if (i.format) cell.numFmt = FORMATS[i.format];
    // Inputs look like inputs (the convention finance teams use: blue on pale yellow).
    cell.font = { color: { argb: 'FF0000FF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9DB' } };
  }
  const need = sheet('Need');
  layout.practiceRows.forEach((row, r) =>
    row.forEach((v, c) => {
      need.getCell(2 + r, 11 + c).value = v;
    }),
  );

  const anchors: { sheet: string; address: string }[] = [];
  // Every cell a label, an input, a practice row or a result takes: a spill into a taken cell would show #SPILL!.
  const taken = new Map<string, string>();
  const take = (sheetName: string, row: number, col: number, what: string) => {
    const key = `${sheetName}!${row},${col}`;
    const other = taken.get(key);
    if (other) throw new Error(`${what} runs into ${other} on ${sheetName} (row ${row}, column ${col})`);
    taken.set(key, what);
  };
  for (const l of [...layout.labels, ...layout.inputs]) {
    const c = sheet(l.sheet).getCell(l.address);
    take(l.sheet, Number(c.row), Number(c.col), `${l.sheet}!${l.address}`);
  }
  layout.practiceRows.forEach((row, r) =>
    row.forEach((_, c) => take('Need', 2 + r, 11 + c, 'the practice rows')),
  );
  for (const call of layout.calls) {
    const value = values.get(cellKey(call.sheet, call.address));
    if (value === undefined) throw new Error(`no cached value for ${call.sheet}!${call.address}`);
    const ws = sheet(call.sheet);
    const spec = FUNCTIONS.find((f) => f.id === call.fn)!;
    const top = ws.getCell(call.address);
    const shape = Array.isArray(value) ? (value as unknown[][]) : [[value]];
    shape.forEach((row, r) =>
      row.forEach((_, c) =>
        take(call.sheet, Number(top.row) + r, Number(top.col) + c, `PACS.${call.fn} at ${call.address}`),
      ),
    );
    if (spec.result.dimensionality === 'scalar') {
      const v = value as number | string;
      top.value = options.valuesOnly ? v : { formula: formulaOf(call, true), result: v };
      format(top, call, v);
      continue;
    }
    const rows = value as (number | string | boolean)[][];
    const r0 = Number(top.row);
    const c0 = Number(top.col);
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        const cell = ws.getCell(r0 + r, c0 + c);
        if (r === 0 && c === 0 && !options.valuesOnly) {
          const ref = `${top.address}:${ws.getCell(r0 + rows.length - 1, c0 + row.length - 1).address}`;
          cell.value = {
            formula: formulaOf(call, true),
            result: v,
            shareType: 'array',
            ref,
          } as ExcelJS.CellValue;
        } else cell.value = v;
        if (r === 0 && typeof v === 'string') cell.font = { bold: true };
        format(cell, undefined, v);
      }),
    );
    if (!options.valuesOnly) anchors.push({ sheet: call.sheet, address: top.address });
  }
  for (const ws of wb.worksheets)
    ws.columns.forEach((col, i) => {
      col.width = ws.name === 'Read me' ? ([18, 110, 60, 40][i] ?? 14) : i === 0 ? 44 : 18;
    });

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return options.valuesOnly ? buffer : markDynamicArrays(buffer, anchors, [...sheets.keys()]);
}

function format(cell: ExcelJS.Cell, call: PacsCell | undefined, v: unknown): void {
  if (typeof v !== 'number') return;
  if (call?.format) cell.numFmt = FORMATS[call.format];
  else cell.numFmt = Number.isInteger(v) || Math.abs(v) >= 100 ? '#,##0' : '0.0000';
}

const XLDAPR_METADATA =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" ' +
  'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" ' +
  'coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">' +
  '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** Adds the dynamic-array cell metadata (xl/metadata.xml, its relationship and content type) and cm="1" on each
 *  anchor, so Excel treats the array formulas as spills rather than legacy {array} formulas. */
async function markDynamicArrays(
  buffer: Buffer,
  anchors: { sheet: string; address: string }[],
  sheetNames: string[],
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  for (const [i, name] of sheetNames.entries()) {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const file = zip.file(path);
    if (!file) throw new Error(`no ${path} for sheet ${name}`);
    let xml = await file.async('string');
    for (const a of anchors.filter((x) => x.sheet === name)) {
      const tag = new RegExp(`<c r="${a.address}"(?![^>]*\\bcm=)`);
      if (!tag.test(xml)) throw new Error(`no cell ${name}!${a.address} in ${path}`);
      xml = xml.replace(tag, `<c r="${a.address}" cm="1"`);
    }
    zip.file(path, xml);
  }
  zip.file('xl/metadata.xml', XLDAPR_METADATA);
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>',
    ),
  );
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    rels.replace(
      '</Relationships>',
      '<Relationship Id="rIdPacsMetadata" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/></Relationships>',
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
