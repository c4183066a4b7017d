import { describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { runCli, tempFile } from '../../support/runCli.ts';

const scenarioFile = tempFile('tiny.json', tinyScenario());

describe('pacs calc', () => {
  it('prints the budget per year with reconciled tables', async () => {
    const r = await runCli(['calc', scenarioFile, '--year', '1', '--forms']);
    expect(r.code).toBe(0);
    // Base-year contract value 4,300,000 and 860.00 PPPY (see the fixture's hand derivation)
    expect(r.stdout).toMatch(/£4,300,000/);
    expect(r.stdout).toMatch(/£860\.00/);
    expect(r.stdout).toMatch(/partially_integrated\s+£3,600,000\s+£3,600,000/);
    // The neighbourhood table's total line equals the contract value
    expect(r.stdout).toMatch(/by neighbourhood[\s\S]*total\s+£4,300,000/);
  });

  it('writes JSON with --json, typed arrays as arrays', async () => {
    const r = await runCli(['calc', scenarioFile, '--json', '--year', '2']);
    const json = JSON.parse(r.stdout);
    expect(json.years).toHaveLength(1);
    expect(json.years[0].year).toBe(2);
    expect(Array.isArray(json.years[0].budget.values)).toBe(true);
    expect(json.currency).toBe('GBP');
  });
});

describe('pacs validate', () => {
  it('summarises a valid scenario', async () => {
    const r = await runCli(['validate', scenarioFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid: Tiny PACS .*2 practices, 5,000 registered person-years/);
  });

  it('lists every problem with its field', async () => {
    const bad = tinyScenario();
    (bad.serviceLines[0] as { providers: unknown }).providers = [{ provider: 'ghost', share: 1 }];
    (bad.contract as { years: unknown }).years = 0;
    const r = await runCli(['validate', tempFile('bad.json', bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/contract\.years: .*1/);
    expect(r.stderr).toMatch(/serviceLines\[0\]\.providers\[0\]\.provider: unknown provider "ghost"/);
  });
});

describe('pacs: bad input exits 2 with one message naming the field, never a stack trace', () => {
  it.each([
    [['calc'], /FILE is required/],
    [['calc', '/no/such/file.json'], /FILE: \/no\/such\/file\.json: no such file/],
    [['calc', tempFile('broken.json', '{"schemaVersion": 1,')], /FILE: .* is not valid JSON/],
    [['calc', tempFile('empty.json', '{}')], /error: schemaVersion: .*\(and \d+ more/],
    [['calc', scenarioFile, '--year', 'two'], /--year: must be a whole number/],
    [['calc', scenarioFile, '--year', '1.5'], /--year: must be a whole number/],
    [
      ['calc', scenarioFile, '--year', '9'],
      /--year: must be 0 \(the base year\) or a contract year from 1 to 2, got 9/,
    ],
    [['calc', scenarioFile, '--colour'], /unknown option --colour/],
    [['calc', scenarioFile, '--year'], /option --year needs a value/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('pacs %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
