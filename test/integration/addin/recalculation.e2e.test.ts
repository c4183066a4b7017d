// Proof without Excel: a workbook mixing Excel formulas and PACS.* functions, evaluated by fast-formula-parser
// through the fake custom-functions runtime and the add-in's real runtime, against the real service over HTTP
// with DynamoDB Local. Every expected number comes from the engine itself (calculate() on the same example
// documents): the point is that the Excel path gives the engine's numbers, in few requests, and always settles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { columnName } from '../../support/excel/addresses.ts';
import { isError } from '../../support/excel/fakeCustomFunctions.ts';
import type { RecalcHost, Value } from '../../support/excel/recalcHost.ts';
import { EXAMPLES, type Excel, example, openExcel } from './excel.ts';
import { type Service, newOrg, startService } from './service.ts';

let service: Service;
beforeAll(async () => {
  service = await startService(await ddbEndpoint());
});
afterAll(() => service?.close());

const YEARS = [0, 1, 2, 3, 4, 5];
const BLOCK = 80;
const FIRST_ROW = 10;

interface PacsCell {
  address: string;
  scenario: number;
  year: number;
  row: number;
}

/** The engine's GBP per person per year of every segment, year and example. */
function enginePppy() {
  return EXAMPLES.map((name) => {
    const result = calculate(parseScenario(example(name)));
    return (year: number, segment: string) =>
      result.years[year]!.segments.find((s) => s.segment === segment)!.pppy;
  });
}

/** Saves the three examples and lays out `count` PACS.PPPY cells: one block per scenario, a segment per row
 *  (column A), a year per column (header row 5), and an Excel SUM under each column. */
async function layOut(x: Excel, org: string, count: number) {
  await x.signIn(org);
  const refs: string[] = [];
  for (const name of EXAMPLES) {
    const saved = await x.runtime.client.scenarios.create(example(name));
    refs.push(`${saved.id}@${saved.version}`);
  }
  const segments = (example(EXAMPLES[0]).population as { segments: { id: string }[] }).segments.map(
    (s) => s.id,
  );
  const h = x.host;
  refs.forEach((ref, k) => h.set(`B${k + 1}`, ref));
  YEARS.forEach((y, j) => h.set(`${columnName(3 + j)}5`, y));
  const cells: PacsCell[] = [];
  const sums: string[] = [];
  for (let k = 0; k < refs.length && cells.length < count; k++) {
    const top = FIRST_ROW + k * BLOCK;
    let last = top;
    for (let i = 0; i < segments.length && cells.length < count; i++) {
      const row = top + i;
      h.set(`A${row}`, segments[i]!);
      for (let j = 0; j < YEARS.length && cells.length < count; j++) {
        const col = columnName(3 + j);
        h.set(`${col}${row}`, `=PACS.PPPY($B$${k + 1}, ${col}$5, $A${row})`);
        cells.push({ address: `Model!${col}${row}`, scenario: k, year: YEARS[j]!, row });
        last = row;
      }
    }
    for (let j = 0; j < YEARS.length; j++) {
      const col = columnName(3 + j);
      const address = `${col}${top + segments.length + 1}`;
      h.set(address, `=SUM(${col}${top}:${col}${last})`);
      sums.push(`Model!${address}`);
    }
  }
  return { refs, cells, sums };
}

const expected = (h: RecalcHost, engine: ReturnType<typeof enginePppy>, c: PacsCell) =>
  engine[c.scenario]!(c.year, String(h.value(`A${c.row}`)));

const calcOps = (from: number) =>
  service.log
    .slice(from)
    .filter((r) => r.path === '/v1/calc')
    .flatMap((r) => r.ops ?? []);

describe('a workbook of 1,000 PACS cells against the service', () => {
  const engine = enginePppy();
  let x: Excel;
  let layout: Awaited<ReturnType<typeof layOut>>;

  beforeAll(async () => {
    x = openExcel(service.url);
    layout = await layOut(x, newOrg(), 1_000);
  });

  it('recalculates 1,000 PACS cells in at most 3 HTTP requests, each equal to the engine', async () => {
    expect(layout.cells).toHaveLength(1_000);
    const from = service.log.length;
    await x.host.recalculate();
    const requests = service.log.slice(from);
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(requests.every((r) => r.path === '/v1/calc')).toBe(true);
    expect(calcOps(from)).toHaveLength(1_000);
    for (const c of layout.cells)
      expect(x.host.value(c.address), c.address).toBe(expected(x.host, engine, c));
    // Excel's own SUM over PACS cells: the host's formula engine adds what the functions returned.
    for (const sum of layout.sums) expect(typeof x.host.value(sum)).toBe('number');
    const firstColumn = layout.cells.filter((c) => c.scenario === 0 && c.year === 0);
    const total = firstColumn.reduce((a, c) => a + (x.host.value(c.address) as number), 0);
    expect(x.host.value(layout.sums[0]!)).toBeCloseTo(total, 6);
    expect(x.host.busyCells()).toEqual([]);
    expect(x.excel.pending).toBe(0);
  });

  it('recalculates only the dependents of an edited input, in one request', async () => {
    // The third scenario's block stops part-way through the segments, so its first row switched to the last
    // segment asks for numbers no cell has asked for yet.
    const row = FIRST_ROW + 2 * BLOCK;
    const dependents = layout.cells.filter((c) => c.row === row).map((c) => c.address);
    const sums = layout.sums.slice(2 * YEARS.length);
    const from = service.log.length;
    x.host.set(`A${row}`, '85plus_M_q5');
    const report = await x.host.recalculate();
    expect(new Set(report.evaluated)).toEqual(new Set([...dependents, ...sums]));
    expect(service.log.slice(from).map((r) => r.path)).toEqual(['/v1/calc']);
    expect(calcOps(from).map((o) => [o.args[1], o.args[2]])).toEqual(YEARS.map((y) => [y, '85plus_M_q5']));
    for (const c of layout.cells.filter((c) => c.row === row))
      expect(x.host.value(c.address)).toBe(engine[2]!(c.year, '85plus_M_q5'));
  });

  it('answers a recalculation that changes nothing from the cache, without a request', async () => {
    const from = service.log.length;
    await x.host.recalculateAll();
    expect(service.log.length).toBe(from);
    for (const c of layout.cells.slice(0, 50))
      expect(x.host.value(c.address)).toBe(expected(x.host, engine, c));
  });
});

describe('failures mid-session: every cell settles with a message, then recovers', () => {
  const engine = enginePppy();

  it('the service stopped mid-recalculation', async () => {
    const x = openExcel(service.url);
    const { cells } = await layOut(x, newOrg(), 1_000);
    let n = 0;
    const held = service.hold((r) => r.path === '/v1/calc' && ++n === 2);
    const recalculation = x.host.recalculate();
    await held.reached;
    await service.stop();
    held.release();
    await recalculation;

    expect(x.host.busyCells()).toEqual([]);
    expect(x.excel.pending).toBe(0);
    const failed = cells.filter((c) => isError(x.host.value(c.address)));
    expect(failed.length).toBeGreaterThanOrEqual(500); // at least the batch the service never answered
    for (const c of cells) {
      const v: Value = x.host.value(c.address);
      if (isError(v))
        expect(v).toEqual({ error: '#N/A', message: 'PACS service unavailable: Refresh to retry' });
      else expect(v).toBe(expected(x.host, engine, c));
    }
    expect(x.runtime.gateway.status().lastError?.message).toBe('PACS service unavailable: Refresh to retry');

    // The service is back: Refresh recalculates, and only what failed is asked for again.
    await service.restart();
    const from = service.log.length;
    await x.runtime.refresh();
    expect(calcOps(from)).toHaveLength(failed.length);
    for (const c of cells) expect(x.host.value(c.address)).toBe(expected(x.host, engine, c));
    expect(x.host.busyCells()).toEqual([]);
  });

  /** A small workbook: one scenario, three years, and a cell that reads the result. */
  async function small(x: Excel): Promise<string> {
    const org = newOrg();
    await x.signIn(org);
    const saved = await x.runtime.client.scenarios.create(example('fully-integrated-tameside'));
    x.host.setMany({
      B1: `${saved.id}@1`,
      C5: 1,
      D5: 2,
      A10: '65-74_F_q1',
      C10: '=PACS.PPPY($B$1, C$5, $A10)',
      D10: '=PACS.PPPY($B$1, D$5, $A10)',
      E10: '=IFERROR(D10-C10, "check the PACS cells")',
    });
    await x.host.recalculate();
    expect(x.host.value('C10')).toBe(engine[0]!(1, '65-74_F_q1'));
    return org;
  }

  it('a sign-in that expires mid-session: the sign-in message, then recovery after signing in', async () => {
    let now = Date.now();
    const x = openExcel(service.url, { tokens: { now: () => now } });
    const org = await small(x);
    now += 2 * 3600 * 1000; // the development sign-in lasts an hour
    const from = service.log.length;
    x.host.set('A10', '85plus_F_q1');
    await x.host.recalculate();
    expect(x.host.value('C10')).toEqual({ error: '#N/A', message: 'Sign in from the PACS pane' });
    expect(x.host.value('E10')).toBe('check the PACS cells');
    expect(service.log.length).toBe(from); // nothing is sent without a sign-in
    expect(x.runtime.tokens.state()).toEqual({ status: 'signed_out', reason: 'your sign-in expired' });
    expect(x.host.busyCells()).toEqual([]);

    now = Date.now();
    await x.signIn(org);
    await x.runtime.refresh();
    expect(x.host.value('C10')).toBe(engine[0]!(1, '85plus_F_q1'));
    expect(x.host.value('E10')).toBe(engine[0]!(2, '85plus_F_q1') - engine[0]!(1, '85plus_F_q1'));
  });

  it('a sign-in the service stops accepting (its keys rotated): the sign-in message, then recovery', async () => {
    const x = openExcel(service.url);
    const org = await small(x);
    await service.restart({ newKeys: true });
    x.host.set('A10', '85plus_M_q1');
    await x.host.recalculate();
    expect(x.host.value('D10')).toEqual({ error: '#N/A', message: 'Sign in from the PACS pane' });
    expect(x.runtime.tokens.state()).toEqual({
      status: 'signed_out',
      reason: 'the service refused your sign-in',
    });

    await x.signIn(org);
    await x.runtime.refresh();
    expect(x.host.value('D10')).toBe(engine[0]!(2, '85plus_M_q1'));
    expect(x.host.busyCells()).toEqual([]);
  });
});
