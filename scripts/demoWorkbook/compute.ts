import { riskTable } from '../../addin/src/gateway/index.ts';
import { toExcelValue } from '../../addin/src/functions/index.ts';
import { simulateInWorkers } from '../../functions/simulations/index.ts';
import { toHttpError } from '../../functions/http/errorMapping.ts';
import {
  FUNCTIONS,
  type OperationEnvironment,
  operationContext,
  runBatch,
} from '../../shared/contract/operations/index.ts';
import { CalcRequest, type OperationValue } from '../../shared/contract/wire/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import { DEMO_REFS, type ExampleName, type Layout, type PacsCell, type Ref, type Scalar } from './layout.ts';

/** The key of a cell: `Sheet!A1` without `$`. */
export const cellKey = (sheet: string, address: string) => `${sheet}!${address.replace(/\$/g, '')}`;

/** The value each PACS cell shows: what the add-in would show for the same inputs, computed by the same code the
 *  service runs (the operations in process; the simulation on worker threads, seeded, identical however split). */
export async function cachedValues(
  layout: Layout,
  docs: Record<ExampleName, unknown>,
  environment: OperationEnvironment,
): Promise<Map<string, unknown>> {
  const inputs = new Map(layout.inputs.map((i) => [cellKey(i.sheet, i.address), i.value]));
  layout.practiceRows.forEach((row, r) =>
    row.forEach((v, c) => inputs.set(cellKey('Need', `${'KLMNOP'[c]}${2 + r}`), v)),
  );
  const resolve = (arg: PacsCell['args'][number], sheet: string): OperationValue => {
    if (arg === null || typeof arg !== 'object') return arg;
    return read(arg, sheet, inputs);
  };
  const byRef = new Map(
    (Object.keys(DEMO_REFS) as ExampleName[]).map((name) => [
      DEMO_REFS[name].split('@')[0]!,
      parseScenario(docs[name]),
    ]),
  );
  const out = new Map<string, unknown>();
  const calc = layout.calls.filter((c) => FUNCTIONS.find((f) => f.id === c.fn)?.transport === 'calc');
  const ops = calc.map((c, i) => {
    const spec = FUNCTIONS.find((f) => f.id === c.fn)!;
    const args: OperationValue[] = [];
    let overrides: { path: string; value: Scalar }[] | undefined;
    spec.parameters.forEach((p, k) => {
      const v = k < c.args.length ? resolve(c.args[k]!, c.sheet) : null;
      if (p.role === 'overrides') {
        if (Array.isArray(v))
          overrides = v.map(([path, value]) => ({ path: String(path), value: value ?? null }));
      } else args.push(v);
    });
    while (args.length > 0 && args.at(-1) === null) args.pop();
    return { id: String(i), fn: c.fn, args, ...(overrides ? { overrides } : {}) };
  });
  const response = await runBatch(
    CalcRequest.parse({ ops }),
    async (ref) => {
      const scenario = byRef.get(ref.id);
      if (!scenario) throw new Error(`the demo knows no scenario ${ref.id}`);
      return operationContext(scenario);
    },
    (e) => toHttpError(e).body.error,
    environment,
  );
  response.results.forEach((r, i) => {
    const c = calc[i]!;
    if (!r.ok) throw new Error(`${c.sheet}!${c.address} ${c.fn}: ${r.error.message}`);
    out.set(cellKey(c.sheet, c.address), toExcelValue(r.value, FUNCTIONS.find((f) => f.id === c.fn)!));
  });

  for (const c of layout.calls) {
    const spec = FUNCTIONS.find((f) => f.id === c.fn)!;
    const name = (ref: unknown) =>
      (Object.keys(DEMO_REFS) as ExampleName[]).find((n) => DEMO_REFS[n] === ref) ??
      'fully-integrated-tameside';
    if (spec.transport === 'simulation') {
      const [scenario, year, trials, seed] = c.args.map((a) => resolve(a, c.sheet));
      const result = await simulateInWorkers(docs[name(scenario)], { year, trials, seed, workers: 2 });
      out.set(cellKey(c.sheet, c.address), toExcelValue(riskTable(result), spec));
    } else if (spec.transport === 'scenario') {
      const ref = resolve(c.args[0]!, c.sheet);
      const doc = byRef.get(String(ref).split('@')[0]!)!;
      out.set(cellKey(c.sheet, c.address), [
        [ref, doc.name, 1, '', '', 'demo reference: save the example and paste yours in Inputs'],
      ]);
    } else if (spec.transport === 'scenarios') {
      out.set(cellKey(c.sheet, c.address), [
        ['scenario', 'name', 'latest version', 'updated by', 'updated at', 'archived'],
        ...[...byRef.entries()].map(([id, s]) => [id, s.name, 1, '', '', false]),
      ]);
    }
  }
  return out;
}

/** The value of a reference: one cell, or a rectangle as rows. */
function read(arg: Ref, sheet: string, inputs: Map<string, Scalar>): OperationValue {
  const [s, range] = arg.ref.includes('!') ? arg.ref.split('!') : [sheet, arg.ref];
  const [from, to] = range!.replace(/\$/g, '').split(':');
  const cell = (a: string) => inputs.get(cellKey(s!, a)) ?? null;
  if (!to) return cell(from!);
  const a = /^([A-Z]+)(\d+)$/.exec(from!)!;
  const b = /^([A-Z]+)(\d+)$/.exec(to)!;
  const col = (l: string) => l.charCodeAt(0) - 64;
  const rows: Scalar[][] = [];
  for (let r = Number(a[2]); r <= Number(b[2]); r++) {
    const row: Scalar[] = [];
    for (let c = col(a[1]!); c <= col(b[1]!); c++) row.push(cell(`${String.fromCharCode(64 + c)}${r}`));
    rows.push(row);
  }
  return rows;
}
