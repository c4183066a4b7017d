import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../support/runCli.ts';

const practices = join(repoRoot, '..', 'shared', 'data', 'gp-practice-weighted-populations-2024-25.csv');

describe('pacs presets', () => {
  it('lists every preset with its source, and JSON specs that parse', async () => {
    const r = await runCli(['presets']);
    expect(r.code).toBe(0);
    for (const id of [
      'mssp_basic_a',
      'mssp_enhanced',
      'reach_global',
      'ngaco_a',
      'aca_1342',
      'nhs_symmetric_50_50',
    ])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/aca_1342 +100% to 3%, 50% to 8%, 20% above 8%/);
    const json = JSON.parse((await runCli(['presets', '--json'])).stdout);
    expect(json.find((p: { id: string }) => p.id === 'ngaco_a').spec.order).toBe('cap_then_share');
  });
});

describe('pacs need-index', () => {
  it('prints the relative need index of each place', async () => {
    const r = await runCli([
      'need-index',
      '--practices',
      practices,
      '--icb',
      'QOC',
      '--by',
      'LAD21',
      '--component',
      'G&A WP',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Shropshire, Telford and Wrekin/);
    expect(r.stdout).toMatch(/E06000051/);
  });

  it.each([
    [['need-index', '--icb', 'QOC', '--by', 'LAD21'], /--practices is required/],
    [['need-index', '--practices', practices, '--icb', 'NOWHERE', '--by', 'LAD21'], /icb/i],
    [['need-index', '--practices', practices, '--icb', 'QOC', '--by', 'Colour'], /by/i],
    [
      ['need-index', '--practices', practices, '--icb', 'QOC', '--by', 'LAD21', '--component', 'Teeth WP'],
      /component/i,
    ],
    [
      ['need-index', '--practices', '/nope.csv', '--icb', 'QOC', '--by', 'LAD21'],
      /--practices: \/nope\.csv: no such file/,
    ],
  ])('bad input %j exits 2 naming the field', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
