// The PACS.* functions in a workbook against the real service: a Data-Table sensitivity grid over what-if
// overrides, SIMULATE streaming progress then the risk table (equal to the CLI's run), reused and cancelled,
// scenario handles that show when a newer version exists, NEEDINDEX from the published data (equal to the CLI),
// and manual calculation with Refresh. Expected numbers come from the engine or the CLI on the same documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { isError } from '../../support/excel/fakeCustomFunctions.ts';
import type { Value } from '../../support/excel/recalcHost.ts';
import { runCli, tempFile } from '../../support/runCli.ts';
import { type Excel, example, openExcel } from './excel.ts';
import { type Service, newOrg, startService } from './service.ts';

let service: Service;
beforeAll(async () => {
  service = await startService(await ddbEndpoint());
});
afterAll(() => service?.close());

async function signedIn(): Promise<{ x: Excel; ref: string; id: string }> {
  const x = openExcel(service.url);
  await x.signIn(newOrg());
  const saved = await x.runtime.client.scenarios.create(example('fully-integrated-tameside'));
  return { x, ref: `${saved.id}@${saved.version}`, id: saved.id };
}

describe('a Data-Table sensitivity grid over what-if overrides', () => {
  it('prices 10 x 10 combinations of efficiency and cost uplift, each equal to the engine on the edited scenario', async () => {
    const { x, ref } = await signedIn();
    x.host.setMany({
      B1: ref,
      // Inputs outside the grid, so none of the grid's 100 combinations is already cached.
      E1: 0.021,
      E2: 0.055,
      D4: 'trajectory.efficiency',
      E4: '=E1',
      D5: 'trajectory.costUplift',
      E5: '=E2',
      G1: '=PACS.CAPITATION($B$1, 1, , , D4:E5)',
    });
    await x.host.recalculate();
    const efficiencies = Array.from({ length: 10 }, (_, i) => i * 0.005);
    const uplifts = Array.from({ length: 10 }, (_, j) => 0.01 + j * 0.01);
    const from = service.log.length;
    const grid = await x.host.dataTable('G1', 'E1', efficiencies, 'E2', uplifts);

    const doc = example('fully-integrated-tameside') as { trajectory: Record<string, number> };
    efficiencies.forEach((e, i) =>
      uplifts.forEach((u, j) => {
        const edited = structuredClone(doc);
        edited.trajectory.efficiency = e;
        edited.trajectory.costUplift = u;
        expect(grid[i]![j], `efficiency ${e}, uplift ${u}`).toBe(
          calculate(parseScenario(edited)).years[1]!.contractValue,
        );
      }),
    );
    // More efficiency, lower value; more uplift, higher value.
    expect(grid[0]![0] as number).toBeGreaterThan(grid[9]![0] as number);
    expect(grid[0]![9] as number).toBeGreaterThan(grid[0]![0] as number);
    // The grid's 100 calls went together: one request, 100 operations with their overrides.
    const requests = service.log.slice(from);
    expect(requests.map((r) => r.path)).toEqual(['/v1/calc']);
    expect(requests[0]!.ops).toHaveLength(100);
    expect(requests[0]!.ops![0]!.overrides).toEqual([
      { path: 'trajectory.efficiency', value: 0 },
      { path: 'trajectory.costUplift', value: 0.01 },
    ]);
  });

  it('answers a bad override in the range with the path and the reason', async () => {
    const { x, ref } = await signedIn();
    x.host.setMany({
      B1: ref,
      D4: 'trajectory.efficency',
      E4: 0.02,
      G1: '=PACS.CAPITATION($B$1, 1, , , D4:E4)',
      D6: 'contract.years',
      E6: 40,
      G2: '=PACS.CAPITATION($B$1, 1, , , D6:E6)',
    });
    await x.host.recalculate();
    expect(x.host.value('G1')).toEqual({
      error: '#VALUE!',
      message: 'trajectory.efficency: unknown field; did you mean `efficiency`?',
    });
    expect(x.host.value('G2')).toMatchObject({
      error: '#VALUE!',
      message: expect.stringMatching(/^contract\.years: /),
    });
  });
});

describe('PACS.SIMULATE', () => {
  it('streams its status, then the risk table of the CLI run with the same seed; the same arguments reuse it', async () => {
    const { x, ref } = await signedIn();
    const seen: Value[] = [];
    x.host.setMany({ B1: ref, A3: '=PACS.SIMULATE($B$1, 1, 4000, 7)' });
    await x.host.recalculate();
    await x.host.waitFor(() => {
      const v = x.host.value('A3');
      if (seen.at(-1) !== v) seen.push(v);
      return v === 'party';
    }, 'the risk table');
    expect(seen[0]).toMatch(/^(queued|running \d+%)$/);
    expect(seen.at(-1)).toBe('party');

    const cli = await runCli([
      'simulate',
      tempFile('tameside.json', example('fully-integrated-tameside')),
      '--trials',
      '4000',
      '--seed',
      '7',
      '--year',
      '1',
      '--json',
    ]);
    expect(cli.code).toBe(0);
    type Party = {
      party: string;
      mean: { value: number };
      percentiles: { p: number; value: number }[];
      pLoss: { value: number };
      var95: { value: number };
    };
    const parties = (JSON.parse(cli.stdout) as { parties: Party[] }).parties;
    const table = x.host.range('A3', parties.length + 1, 9);
    expect(table[0]).toEqual([
      'party',
      'mean GBP',
      'sd GBP',
      'P5 GBP',
      'P50 GBP',
      'P95 GBP',
      'P(loss)',
      'VaR 95% GBP',
      'TVaR 95% GBP',
    ]);
    parties.forEach((p, i) => {
      const row = table[i + 1]!;
      expect(row[0]).toBe(p.party);
      expect(row[1]).toBe(p.mean.value);
      expect(row[4]).toBe(p.percentiles.find((q) => q.p === 0.5)!.value);
      expect(row[6]).toBe(p.pLoss.value);
      expect(row[7]).toBe(p.var95.value);
    });

    const submissions = () =>
      service.log.filter((r) => r.method === 'POST' && r.path === '/v1/simulations').length;
    const before = submissions();
    x.host.set('A20', '=PACS.SIMULATE($B$1, 1, 4000, 7)');
    await x.host.recalculate();
    expect(x.host.value('A20')).toBe('party');
    expect(submissions()).toBe(before);
  });

  it('cancels the run when its cell is deleted', async () => {
    const { x, ref } = await signedIn();
    const from = service.log.length;
    x.host.setMany({ B1: ref, A3: '=PACS.SIMULATE($B$1, 1, 2000000, 9)' });
    await x.host.recalculate();
    await x.host.waitFor(() => /^running/.test(String(x.host.value('A3'))), 'the run to start', 120_000);
    const run = service.log
      .slice(from)
      .find((r) => r.method === 'GET' && r.path.startsWith('/v1/simulations/'))!.path;
    x.host.set('A3', null);
    await x.host.recalculate();
    const deleted = await service.seen((r) => r.method === 'DELETE' && r.path === run);
    await deleted.answered; // seen resolves when the DELETE arrives; the status changes as it is answered
    const status = await x.runtime.client.simulations.get(run.split('/').at(-1)!);
    expect(status.status).toBe('cancelled');
    await service.idle();
  });

  it('refuses bad arguments at once with #VALUE!', async () => {
    const { x, ref } = await signedIn();
    x.host.setMany({ B1: ref, A3: '=PACS.SIMULATE($B$1, 1.5)' });
    await x.host.recalculate();
    expect(x.host.value('A3')).toEqual({
      error: '#VALUE!',
      message: 'year: expected a whole year number, got 1.5',
    });
  });
});

describe('scenario handles: never silently stale', () => {
  it('shows provenance and when a newer version exists; "latest" cells follow a new version after Refresh', async () => {
    const { x, id } = await signedIn();
    const v1 = example('fully-integrated-tameside') as { name: string; trajectory: Record<string, number> };
    const v2 = {
      ...structuredClone(v1),
      name: 'Tameside what-if',
      trajectory: { ...v1.trajectory, efficiency: 0.03 },
    };
    await x.runtime.client.scenarios.save(id, 1, v2, 'efficiency 3%');
    x.host.setMany({
      A1: `=PACS.SCENARIO("${id}@1")`,
      A2: `=PACS.SCENARIO("${id}")`,
      A3: '=PACS.SCENARIO("Tameside what-if")',
      A5: `=PACS.CAPITATION("${id}", 1)`,
      A6: '=PACS.CAPITATION(A1, 1)',
      A8: '=PACS.SCENARIOS()',
    });
    await x.host.recalculate();
    const row = (a: string) => x.host.range(a, 1, 6)[0]!;
    expect(row('A1')).toEqual([
      `${id}@1`,
      v1.name,
      1,
      expect.any(String),
      expect.stringMatching(/^\d{4}-/),
      'newer version 2 saved',
    ]);
    expect(row('A2')).toEqual([
      `${id}@2`,
      'Tameside what-if',
      2,
      expect.any(String),
      expect.any(String),
      'latest (v2)',
    ]);
    expect(row('A3')[0]).toBe(`${id}@2`);
    const value = (doc: unknown) => calculate(parseScenario(doc)).years[1]!.contractValue;
    expect(x.host.value('A5')).toBe(value(v2));
    expect(x.host.value('A6')).toBe(value(v1)); // the handle is pinned: reproducible
    expect(x.host.range('A8', 2, 3)).toEqual([
      ['scenario', 'name', 'latest version'],
      [id, 'Tameside what-if', 2],
    ]);

    // Someone saves version 3: cells on "latest" change at the next Refresh, pinned ones never.
    const v3 = { ...v2, trajectory: { ...v2.trajectory, efficiency: 0.04 } };
    await x.runtime.client.scenarios.save(id, 2, v3, 'efficiency 4%');
    await x.runtime.refresh();
    expect(row('A2').slice(0, 3)).toEqual([`${id}@3`, 'Tameside what-if', 3]);
    expect(row('A1')[5]).toBe('newer version 3 saved');
    expect(x.host.value('A5')).toBe(value(v3));
    expect(x.host.value('A6')).toBe(value(v1));
  });

  it('answers an unknown scenario with #N/A and where to look', async () => {
    const { x } = await signedIn();
    x.host.setMany({
      A1: '=PACS.SCENARIO("No such plan")',
      A2: '=PACS.CAPITATION("s_zzzzzzzzzzzzzzzzzzzz@1", 1)',
    });
    await x.host.recalculate();
    expect(x.host.value('A1')).toEqual({
      error: '#N/A',
      message: 'no scenario named "No such plan" (PACS.SCENARIOS() lists yours) (or you have no access)',
    });
    expect(x.host.value('A2')).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(/not found \(or you have no access\)$/),
    });
  });
});

describe('PACS.NEEDINDEX from the published practice data', () => {
  it("equals the CLI's need index for an ICB's places", async () => {
    const { x } = await signedIn();
    x.host.set('A1', '=PACS.NEEDINDEX("QOP", "LTLA21")');
    await x.host.recalculate();
    const cli = await runCli([
      'need-index',
      '--practices',
      '../shared/data/gp-practice-weighted-populations-2024-25.csv',
      '--icb',
      'QOP',
      '--by',
      'LTLA21',
      '--json',
    ]);
    const places = (JSON.parse(cli.stdout) as { places: Record<string, number | string>[] }).places;
    const table = x.host.range('A1', places.length + 1, 6);
    expect(table[0]).toEqual([
      'place',
      'practices',
      'GP population',
      'weighted population',
      'relative need index',
      'share of need',
    ]);
    places.forEach((p, i) =>
      expect(table[i + 1]).toEqual([
        p.place,
        p.practices,
        p.population,
        p.weightedPopulation,
        p.relativeNeedIndex,
        p.shareOfNeed,
      ]),
    );
  });
});

describe('manual calculation and Refresh', () => {
  it('sends nothing in manual mode until Refresh, and keeps what it has', async () => {
    const { x, ref } = await signedIn();
    x.host.setMany({ B1: ref, A1: '=PACS.CAPITATION($B$1, 1)' });
    await x.host.recalculate();
    const before = x.host.value('A1');
    x.runtime.setMode('manual');
    x.host.set('A2', '=PACS.CAPITATION($B$1, 2)');
    const from = service.log.length;
    await x.host.recalculateAll();
    expect(x.host.value('A1')).toBe(before);
    expect(x.host.value('A2')).toEqual({
      error: '#N/A',
      message: 'Manual calculation: press Refresh in the PACS pane',
    });
    expect(service.log.length).toBe(from);
    await x.runtime.refresh();
    expect(isError(x.host.value('A2'))).toBe(false);
    expect(x.host.value('A2')).toBe(
      calculate(parseScenario(example('fully-integrated-tameside'))).years[2]!.contractValue,
    );
    expect(x.runtime.gateway.status()).toMatchObject({ mode: 'manual', refreshing: false, pendingCalls: 0 });
  });
});
