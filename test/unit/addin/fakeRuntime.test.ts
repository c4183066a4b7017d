// The fake custom-functions runtime behaves as office.js's runtime does (association, coercion, invocation last,
// error codes and messages, cancellation, streams shared by equal arguments), and the recalculation host on
// fast-formula-parser lays out spills, recalculates only dependents and runs independent cells concurrently.
// A toy add-in (namespace TEST) keeps these checks independent of the PACS functions.
import { describe, expect, it } from 'vitest';
import {
  CustomFunctionError,
  ErrorCode,
  FakeCustomFunctionsRuntime,
  type FunctionMeta,
} from '../../support/excel/fakeCustomFunctions.ts';
import { RecalcHost } from '../../support/excel/recalcHost.ts';

const fn = (
  id: string,
  params: FunctionMeta['parameters'],
  result: FunctionMeta['result'],
  options = {},
) => ({
  id,
  name: id,
  parameters: params,
  result,
  options,
});
const METADATA = {
  functions: [
    fn('DOUBLE', [{ name: 'x', type: 'number' }], { type: 'number' }, { cancelable: true }),
    fn(
      'ECHO',
      [
        { name: 'x', type: 'any' },
        { name: 'y', type: 'string', optional: true },
      ],
      { type: 'any' },
    ),
    fn('TABLE', [{ name: 'n', type: 'number' }], { dimensionality: 'matrix' }),
    fn('FAIL', [{ name: 'code', type: 'string' }], { type: 'number' }),
    fn('TICK', [{ name: 'label', type: 'string' }], { dimensionality: 'matrix' }, { stream: true }),
    fn('MISSING', [], { type: 'number' }),
  ],
};

function toyAddin(gated = false) {
  const rt = new FakeCustomFunctionsRuntime(METADATA);
  const CF = rt.CustomFunctions;
  const log: string[] = [];
  const ticks = new Map<string, { setResult(v: unknown): void }>();
  const release: (() => void)[] = [];
  CF.associate('double', async (x: number, inv: { onCanceled?: () => void }) => {
    log.push(`double ${x}`);
    inv.onCanceled = () => log.push(`cancel ${x}`);
    if (gated) await new Promise<void>((r) => release.push(r));
    return x * 2;
  });
  CF.associate({
    ECHO: (...a: unknown[]) => JSON.stringify(a.slice(0, -1)),
    TABLE: (n: number) => Array.from({ length: n }, (_, i) => [`row ${i}`, i]),
    FAIL: (code: string) => {
      if (code === 'throw') throw new Error('secret internals');
      if (code === 'nan') return Number.NaN;
      if (code === 'ragged') return [[1, 2], [3]];
      return Promise.reject(new CF.Error(code, 'what to do about it'));
    },
    TICK: (label: string, inv: { setResult(v: unknown): void; onCanceled?: () => void }) => {
      log.push(`tick ${label}`);
      ticks.set(label, inv);
      inv.onCanceled = () => log.push(`tick cancelled ${label}`);
      inv.setResult([[`${label} queued`]]);
    },
  });
  return { rt, log, ticks, release };
}

describe('fake custom-functions runtime', () => {
  it('associates ids case-insensitively, warns on duplicates and bad calls', () => {
    const { rt } = toyAddin();
    rt.CustomFunctions.associate('Double', () => 0);
    rt.CustomFunctions.associate('BROKEN' as string, 'not a function' as unknown as () => void);
    expect(rt.associated().sort()).toEqual(['DOUBLE', 'ECHO', 'FAIL', 'TABLE', 'TICK']);
    expect(rt.warnings).toEqual(['[DuplicatedName] Function=Double', '[InvalidArg] Function=associate']);
  });

  it('answers #NAME? for an undeclared function and #N/A for a declared one never associated', async () => {
    const { rt } = toyAddin();
    expect(await rt.invoke('NOPE', [], 'S!A1').result).toEqual({ error: '#NAME?' });
    expect(await rt.invoke('MISSING', [], 'S!A1').result).toEqual({ error: '#N/A' });
  });

  it('coerces to the declared types, passes omitted optionals as null and the invocation last', async () => {
    const { rt } = toyAddin();
    expect(await rt.invoke('ECHO', [true], 'S!A1').result).toEqual({ value: '[true,null]' });
    expect(await rt.invoke('ECHO', [1, 2], 'S!A1').result).toEqual({ value: '[1,"2"]' });
    expect(await rt.invoke('DOUBLE', ['x'], 'S!A1').result).toEqual({ error: '#VALUE!' });
    expect(await rt.invoke('ECHO', [{ error: '#DIV/0!' }], 'S!A1').result).toEqual({ error: '#DIV/0!' });
  });

  it('shows messages only with #VALUE! and #N/A; other failures are bare #VALUE! or #NUM!', async () => {
    const { rt } = toyAddin();
    const run = async (code: string) => rt.invoke('FAIL', [code], 'S!A1').result;
    expect(await run(ErrorCode.notAvailable)).toEqual({ error: '#N/A', message: 'what to do about it' });
    expect(await run(ErrorCode.invalidValue)).toEqual({ error: '#VALUE!', message: 'what to do about it' });
    expect(await run(ErrorCode.divisionByZero)).toEqual({ error: '#DIV/0!' });
    expect(await run('throw')).toEqual({ error: '#VALUE!' });
    expect(await run('nan')).toEqual({ error: '#NUM!' });
    expect(await rt.invoke('TABLE', [2], 'S!A1').result).toEqual({
      value: [
        ['row 0', 0],
        ['row 1', 1],
      ],
    });
    expect(new CustomFunctionError().code).toBe('#VALUE!');
  });

  it('rejects a ragged matrix', async () => {
    const rt = new FakeCustomFunctionsRuntime({
      functions: [fn('RAGGED', [], { dimensionality: 'matrix' })],
    });
    rt.CustomFunctions.associate('RAGGED', () => [[1, 2], [3]]);
    expect(await rt.invoke('RAGGED', [], 'S!A1').result).toEqual({ error: '#VALUE!' });
  });

  it('calls onCanceled when a waiting invocation is cancelled and counts it no longer busy', async () => {
    const rt = new FakeCustomFunctionsRuntime({ functions: [METADATA.functions[0]!] });
    const log: string[] = [];
    rt.CustomFunctions.associate('DOUBLE', (x: number, inv: { onCanceled?: () => void }) => {
      inv.onCanceled = () => log.push(`cancel ${x}`);
      return new Promise(() => {});
    });
    const call = rt.invoke('DOUBLE', [4], 'S!A1');
    expect(rt.pending).toBe(1);
    call.cancel();
    expect(log).toEqual(['cancel 4']);
    expect(rt.pending).toBe(0);
  });

  it('shares one stream among cells with equal arguments and cancels it when the last cell leaves', () => {
    const { rt, log, ticks } = toyAddin();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const leaveA = rt.stream('TICK', ['x'], 'S!A1', (r) => a.push(r));
    const leaveB = rt.stream('TICK', ['x'], 'S!A2', (r) => b.push(r));
    expect(log).toEqual(['tick x']);
    ticks.get('x')!.setResult([['x 50%']]);
    expect(b).toEqual([{ value: [['x queued']] }, { value: [['x 50%']] }]);
    leaveA();
    expect(log).toEqual(['tick x']);
    leaveB();
    expect(log).toEqual(['tick x', 'tick cancelled x']);
    ticks.get('x')!.setResult([['late']]);
    expect(a).toHaveLength(2);
  });
});

describe('recalculation host (fast-formula-parser)', () => {
  const host = (gated = false) => {
    const addin = toyAddin(gated);
    return { ...addin, host: new RecalcHost(addin.rt, METADATA, 'TEST', 'Sheet1') };
  };

  it('mixes Excel functions and add-in functions, and lays out spills', async () => {
    const { host: h } = host();
    h.setMany({
      A1: 3,
      B1: '=TEST.DOUBLE(A1)+1',
      C1: '=TEST.TABLE(A1)',
      E1: '=SUM(D1:D3)',
      F1: '=IFERROR(TEST.FAIL("#N/A"), "fallback")',
      G1: '=TEST.FAIL("#N/A")',
      H1: '=TEST.NOPE()',
    });
    await h.recalculate();
    expect(h.value('B1')).toBe(7);
    expect(h.range('C1', 3, 2)).toEqual([
      ['row 0', 0],
      ['row 1', 1],
      ['row 2', 2],
    ]);
    expect(h.value('E1')).toBe(3);
    expect(h.value('F1')).toBe('fallback');
    expect(h.value('G1')).toEqual({ error: '#N/A', message: 'what to do about it' });
    expect(h.value('H1')).toEqual({ error: '#NAME?' });
  });

  it('answers #SPILL! when a spill is blocked, and spills once the block goes', async () => {
    const { host: h } = host();
    h.setMany({ A1: '=TEST.TABLE(2)', B2: 'in the way', D1: '=A2' });
    await h.recalculate();
    expect(h.value('A1')).toEqual({ error: '#SPILL!' });
    h.set('B2', null);
    const report = await h.recalculate();
    expect(h.value('B2')).toBe(1);
    expect(h.value('D1')).toBe('row 1');
    expect(report.evaluated).toEqual(['Sheet1!A1', 'Sheet1!D1']);
  });

  it('recalculates only the dependents of an edited cell, and runs independent cells concurrently', async () => {
    const { host: h, log, release } = host(true);
    h.setMany({ A1: 1, A2: 2, B1: '=TEST.DOUBLE(A1)', B2: '=TEST.DOUBLE(A2)', C1: '=B1+B2', C2: '=A2*10' });
    const first = h.recalculate();
    // Both calls are in flight together before either answers.
    await until(() => release.length === 2);
    for (const r of release.splice(0)) r();
    await first;
    expect(h.value('C1')).toBe(6);
    h.set('A1', 5);
    const second = h.recalculate();
    await until(() => release.length === 1);
    release.pop()!();
    const report = await second;
    expect(report.evaluated).toEqual(['Sheet1!B1', 'Sheet1!C1']);
    expect(h.value('C1')).toBe(14);
    expect(log.filter((l) => l.startsWith('double'))).toEqual(['double 1', 'double 2', 'double 5']);
  });

  it('cancels a waiting call when its cell is recalculated with new arguments', async () => {
    const { host: h, log, release } = host(true);
    h.setMany({ A1: 1, B1: '=TEST.DOUBLE(A1)' });
    const first = h.recalculate();
    await until(() => release.length === 1);
    h.set('A1', 2);
    const second = h.recalculate();
    await first;
    await until(() => release.length === 2);
    expect(log).toContain('cancel 1');
    for (const r of release.splice(0)) r();
    await second;
    expect(h.value('B1')).toBe(4);
  });

  it('updates a streaming cell and its dependents on every result, and leaves the stream when the cell changes', async () => {
    const { host: h, log, ticks } = host();
    h.setMany({ A1: '=TEST.TICK("run")', A3: '=A1&"!"' });
    await h.recalculate();
    expect(h.value('A3')).toBe('run queued!');
    ticks.get('run')!.setResult([['done', 42]]);
    await h.waitFor(() => h.value('A3') === 'done!', 'the stream result');
    expect(h.range('A1', 1, 2)).toEqual([['done', 42]]);
    h.set('A1', 'typed over');
    await h.recalculate();
    expect(log).toContain('tick cancelled run');
  });

  it('reads formulas stored as _xldudf_ names when the namespace is loaded, and #NAME? otherwise', async () => {
    const { host: h } = host();
    h.setMany({ A1: '=_xldudf_TEST_TABLE(1)', A3: '=_xldudf_OTHER_TABLE(1)' });
    await h.recalculate();
    expect(h.value('A1')).toBe('row 0');
    expect(h.value('A3')).toEqual({ error: '#NAME?' });
  });
});

/** Yields to the event loop until `condition` holds (calls in flight in the toy add-in). */
async function until(condition: () => boolean): Promise<void> {
  // Checked after every turn of the event loop (timers included), with a generous deadline for a loaded machine.
  const deadline = Date.now() + 20_000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  expect(condition()).toBe(true);
}
