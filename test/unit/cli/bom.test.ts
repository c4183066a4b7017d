import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempFile } from '../../support/runCli.ts';

// Issue 9, point 9: files saved from Excel and Windows tools often start with a UTF-8 byte-order mark (U+FEFF, the
// bytes EF BB BF). Every file the CLI reads is accepted with or without one, and gives the same answer.

const BOM = '\uFEFF';
const example = readFileSync(join(repoRoot, 'examples', 'fully-integrated-tameside.json'), 'utf8');
const practices = join(repoRoot, '..', 'shared', 'data', 'gp-practice-weighted-populations-2024-25.csv');

describe('issue 9 point 9: a UTF-8 byte-order mark is accepted in every file', () => {
  const withBom = tempFile('scenario.json', BOM + example);
  const without = tempFile('scenario.json', example);

  it('the written file really starts with the three BOM bytes', () => {
    expect([...readFileSync(withBom).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    ['validate', (f: string) => ['validate', f]],
    ['calc', (f: string) => ['calc', f, '--year', '1', '--json']],
    ['settle --actual', (f: string) => ['settle', f, '--year', '1', '--actual', '100000000', '--json']],
  ])('a scenario FILE: %s', async (_name, args) => {
    const a = await runCli(args(withBom));
    const b = await runCli(args(without));
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout.replace(withBom, without)).toBe(b.stdout);
  });

  it('settle --actuals FILE.json', async () => {
    const actuals = JSON.stringify({ spend: 100_000_000, measureAttainment: {} });
    const a = await runCli([
      'settle',
      without,
      '--year',
      '1',
      '--actuals',
      tempFile('a.json', BOM + actuals),
      '--json',
    ]);
    const b = await runCli([
      'settle',
      without,
      '--year',
      '1',
      '--actuals',
      tempFile('a.json', actuals),
      '--json',
    ]);
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(b.stdout);
  });

  it('need-index --practices CSV', async () => {
    const csv = readFileSync(practices, 'utf8').replace(/^\uFEFF/, '');
    const args = (f: string) => ['need-index', '--practices', f, '--icb', 'QOC', '--by', 'LAD21'];
    const a = await runCli(args(tempFile('p.csv', BOM + csv)));
    const b = await runCli(args(tempFile('p.csv', csv)));
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('a file that is still not JSON says so without printing an invisible character', async () => {
    const r = await runCli(['validate', tempFile('bad.json', `${BOM}{"name": \u200B}`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not valid JSON');
    expect(r.stderr).toContain('U+200B');
    expect(r.stderr).not.toMatch(/[\uFEFF\u200B]/);
  });
});
