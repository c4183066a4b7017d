// The PACS.* functions as Excel calls them (through the fake custom-functions runtime), in process against the
// real operations: argument validation naming the argument, documented values answering with the list, errors
// as #VALUE! or #N/A with a message a finance user can act on, value previews that never call the service,
// stale metadata, and results shaped for Excel.
import { describe, expect, it } from 'vitest';
import { functionsMetadata } from '../../../addin/build/functionsJson.ts';
import { registerFunctions } from '../../../addin/src/functions/index.ts';
import { EngineGateway, ScenarioLibrary, SimulationJobs } from '../../../addin/src/gateway/index.ts';
import { toHttpError } from '../../../functions/http/errorMapping.ts';
import { NotFoundError } from '../../../shared/contract/errors/index.ts';
import { operationContext } from '../../../shared/contract/operations/catalogue.ts';
import { runBatch } from '../../../shared/contract/operations/runBatch.ts';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { FakeCustomFunctionsRuntime } from '../../support/excel/fakeCustomFunctions.ts';

const ID = 's_abcdefghijklmnopqrst';
const REF = `${ID}@1`;
const tiny = parseScenario(tinyScenario());
const engine = calculate(tiny);

/** Excel with the add-in loaded; the gateway's requests run the real operations in process. */
function excel() {
  const requests: CalcRequest[] = [];
  const gateway = new EngineGateway({
    windowMs: 1,
    calc: async (body) => {
      const request = CalcRequest.parse(body);
      requests.push(request);
      return runBatch(
        request,
        async (ref) => {
          if (ref.id !== ID) throw new NotFoundError(`scenario ${ref.id}`, 'args[0]');
          return operationContext(tiny);
        },
        (e) => toHttpError(e).body.error,
      );
    },
    latestVersion: async () => 1,
  });
  const never = () => Promise.reject(new Error('not in these tests'));
  const client = { scenarios: { version: never, listAll: never }, simulations: {} } as never;
  const rt = new FakeCustomFunctionsRuntime(functionsMetadata());
  registerFunctions(rt.CustomFunctions, {
    gateway,
    library: new ScenarioLibrary(client, gateway),
    simulations: new SimulationJobs(client, gateway),
  });
  const call = (id: string, ...args: unknown[]) => rt.invoke(id, args, 'Sheet1!A1').result;
  return { rt, call, requests, gateway };
}

describe('results', () => {
  it('associates every function of the catalogue', () => {
    const { rt } = excel();
    expect(rt.associated().sort()).toEqual(
      functionsMetadata()
        .functions.map((f) => f.id)
        .sort(),
    );
    expect(rt.warnings).toEqual([]);
  });

  it('answers numbers for scalar functions and rectangular spills for the rest', async () => {
    const { call } = excel();
    expect(await call('CAPITATION', REF, 1)).toEqual({ value: engine.years[1]!.contractValue });
    expect(await call('CAPITATION', REF, 1, 'pppy', 'over65')).toEqual({
      value: engine.years[1]!.segments[1]!.pppy,
    });
    const budget = (await call('BUDGET', REF, 1, 'provider')) as { value: unknown[][] };
    expect(budget.value[0]).toEqual(['provider', 'GBP']);
    expect(budget.value.slice(1)).toEqual(
      engine.years[1]!.providers.map((p) => [p.provider, p.plannedPayment]),
    );
    const withhold = (await call('WITHHOLD', REF, 1)) as { value: unknown[][] };
    expect(withhold.value.every((r) => r.length === withhold.value[0]!.length)).toBe(true);
  });

  it('matches documented values ignoring case, spaces and underscores', async () => {
    const { call } = excel();
    expect(await call('CAPITATION', REF, 1, 'Person Years')).toEqual({ value: engine.years[1]!.personYears });
    expect(await call('CAPITATION', REF, 1, 'PERSON-YEARS')).toEqual({ value: engine.years[1]!.personYears });
  });

  it('sends PACS.X(a) and PACS.X(a,,) as one call', async () => {
    const { call, requests } = excel();
    await Promise.all([call('BUDGET', REF, 1), call('BUDGET', REF, 1, null, null)]);
    expect(requests.flatMap((r) => r.ops)).toHaveLength(1);
  });
});

describe('argument validation: #VALUE! naming the argument', () => {
  it.each([
    [
      ['CAPITATION', 's_nope', 1],
      /^scenario: "s_nope" is not a scenario reference .*PACS\.SCENARIOS\(\) lists yours/,
    ],
    [['CAPITATION', REF, 1.5], /^year: expected a whole year number, got 1\.5$/],
    [['CAPITATION', REF, null], /^year: is required$/],
    [
      ['CAPITATION', REF, 1, 'budget'],
      /^measure: "budget" is not one of contract_value, pppy, person_years,/,
    ],
    [['BUDGET', REF, 1, 'lines'], /^by: "lines" is not one of line, neighbourhood, segment, provider$/],
    [['NEEDINDEX', 'QOP', 'LTLA21', 'final'], /^component: "final" is not one of G&A WP, .*Final WP/],
    [['SETTLE', REF, 1, 'lots'], undefined],
    [
      ['CAPITATION', REF, 1, null, null, [['trajectory.efficiency']]],
      /^overrides: expected two columns \(field path, value\), got 1$/,
    ],
    [
      ['CAPITATION', REF, 1, null, null, [['trajectory.efficiency', '']]],
      /^overrides: trajectory\.efficiency: the value is blank$/,
    ],
    [
      [
        'CAPITATION',
        REF,
        1,
        null,
        null,
        [
          ['a', 1],
          ['a', 2],
        ],
      ],
      /^overrides: a is given twice$/,
    ],
  ])('%j', async (args, message) => {
    const { call, requests } = excel();
    const [id, ...rest] = args as [string, ...unknown[]];
    const r = await call(id, ...rest);
    if (message === undefined) {
      // Excel itself refuses text for a number parameter: #VALUE! before the add-in is called.
      expect(r).toEqual({ error: '#VALUE!' });
    } else {
      expect(r).toMatchObject({ error: '#VALUE!' });
      expect((r as { message: string }).message).toMatch(message);
    }
    expect(requests).toHaveLength(0); // refused without a round trip
  });

  it('names the argument in errors the service finds', async () => {
    const { call } = excel();
    expect(await call('CAPITATION', REF, 9)).toEqual({
      error: '#VALUE!',
      message: expect.stringMatching(/^year: must be .* 2, got 9$/),
    });
    expect(await call('PPPY', REF, 1, 'over99')).toEqual({
      error: '#VALUE!',
      message: 'segment: unknown segment "over99"',
    });
    expect(await call('CAPITATION', REF, 1, null, null, [['trajectory.efficency', 0.02]])).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/^trajectory\.efficency: unknown field; did you mean `efficiency`\?$/),
    });
  });

  it('answers a missing scenario with #N/A and what to check', async () => {
    const { call } = excel();
    expect(await call('CAPITATION', 's_bbbbbbbbbbbbbbbbbbbb@1', 1)).toEqual({
      error: '#N/A',
      message: 'scenario s_bbbbbbbbbbbbbbbbbbbb not found (or you have no access)',
    });
  });
});

describe('Excel behaviours', () => {
  it('answers a formula preview from the cache only, never calling the service', async () => {
    const { rt, call, requests } = excel();
    const f = (
      rt as unknown as { mappings: Map<string, (...a: unknown[]) => Promise<unknown>> }
    ).mappings.get('CAPITATION')!;
    const preview = { isInValuePreview: true };
    await expect(f(REF, 1, null, null, null, preview)).rejects.toMatchObject({
      code: '#N/A',
      message: 'Preview not calculated',
    });
    expect(requests).toHaveLength(0);
    await call('CAPITATION', REF, 1);
    await expect(f(REF, 1, null, null, null, preview)).resolves.toBe(engine.years[1]!.contractValue);
    expect(requests).toHaveLength(1);
  });

  it('takes the invocation as the last argument whatever stale metadata made Excel pass before it', async () => {
    const { rt } = excel();
    const f = (
      rt as unknown as { mappings: Map<string, (...a: unknown[]) => Promise<unknown>> }
    ).mappings.get('CAPITATION')!;
    // Metadata cached from a release with two parameters: Excel passes two values, then the invocation.
    await expect(f(REF, 1, { functionName: 'CAPITATION' })).resolves.toBe(engine.years[1]!.contractValue);
  });

  it('cancels the call when Excel cancels the cell', async () => {
    let reached!: () => void;
    const sent = new Promise<void>((r) => {
      reached = r;
    });
    let aborted: boolean | undefined;
    const gateway = new EngineGateway({
      windowMs: 1,
      calc: (_body, o) =>
        new Promise((_resolve, reject) => {
          reached();
          o.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    });
    const rt = new FakeCustomFunctionsRuntime(functionsMetadata());
    registerFunctions(rt.CustomFunctions, { gateway, library: {} as never, simulations: {} as never });
    const running = rt.invoke('CAPITATION', [REF, 1], 'Sheet1!A1');
    await sent;
    running.cancel();
    // The cell's only call withdrew: the request is aborted and nothing waits.
    expect(aborted).toBe(true);
    expect(gateway.status().pendingCalls).toBe(0);
  });
});
