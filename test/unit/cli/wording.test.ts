import { describe, expect, it } from 'vitest';
import { runTokenCli } from '../../../scripts/token.ts';
import { captureStreams } from '../../support/captureStreams.ts';
import { runCli, tempFile } from '../../support/runCli.ts';

// Issue 9, point 10: one wording for the contract-year rule on every command, messages that name the flags the
// user typed (`--trials`, never `trials:`), and --help on every subcommand and on `npm run token`.

const FILE = 'examples/fully-integrated-tameside.json'; // 5 contract years

describe('issue 9 point 10: one year rule, the flags as typed, --help everywhere', () => {
  it('--year: the base year is shown by calc; settle and simulate state the same rule', async () => {
    const calc = await runCli(['calc', FILE, '--year', '0']);
    expect(calc.code).toBe(0);
    expect(calc.stdout).toContain('Year 0 (');
    for (const args of [
      ['settle', FILE, '--year', '0', '--actual', '100'],
      ['simulate', FILE, '--trials', '10', '--seed', '1', '--year', '0'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe('error: --year: must be a contract year from 1 to 5, got 0\n');
    }
    const words = await runCli(['simulate', FILE, '--trials', '10', '--seed', '1', '--year', 'two']);
    expect(words.stderr).toBe('error: --year: must be a whole number\n');
    const beyond = await runCli(['simulate', FILE, '--trials', '10', '--seed', '1', '--year', '6']);
    expect(beyond.stderr).toBe('error: --year: must be a contract year from 1 to 5, got 6\n');
  });

  it('simulation limits are reported against the flags typed, with the bound', async () => {
    const run = (...flags: string[]) => runCli(['simulate', FILE, '--seed', '1', ...flags]);
    expect((await run('--trials', '50000000')).stderr).toBe('error: --trials: must be at most 20,000,000\n');
    expect((await run('--trials', '0')).stderr).toBe('error: --trials: must be at least 1\n');
    expect((await run('--trials', '10', '--workers', '1000')).stderr).toBe(
      'error: --workers: must be at most 256\n',
    );
    expect((await run('--trials', '10', '--method', 'persn')).stderr).toBe(
      'error: --method: must be fast or person; did you mean `person`?\n',
    );
  });

  it('a problem inside --options FILE.json names the option and the field in it', async () => {
    const run = (options: object, ...flags: string[]) =>
      runCli([
        'simulate',
        FILE,
        '--trials',
        '10',
        '--seed',
        '1',
        '--options',
        tempFile('o.json', options),
        ...flags,
      ]);
    expect((await run({ trails: 5 })).stderr).toBe(
      'error: --options: trails: unknown field; did you mean `trials`?\n',
    );
    expect((await run({ shocks: { tariff: { sd: 3 } } })).stderr).toMatch(
      /^error: --options: shocks\.tariff\.sd: must be at most 1\n/,
    );
    expect((await run({ year: 9 })).stderr).toBe(
      'error: --options: year: must be a contract year from 1 to 5, got 9\n',
    );
    // A flag overrides the file, and is then what any message names.
    expect((await run({ year: 2 }, '--year', '7')).stderr).toBe(
      'error: --year: must be a contract year from 1 to 5, got 7\n',
    );
  });

  it('an unknown flag suggests the one meant', async () => {
    const r = await runCli(['calc', FILE, '--yaer', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option --yaer; did you mean --year\?\n/);
  });

  it.each(['calc', 'settle', 'need-index', 'simulate', 'presets', 'validate'])(
    'pacs %s --help prints its usage and exits 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([command, flag]);
        expect(r.code, flag).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^usage: pacs ${command} `));
      }
      // Whatever else is on the line: help wins over missing or wrong arguments.
      expect((await runCli([command, '--nonsense', '--help'])).code).toBe(0);
    },
  );

  it('pacs help COMMAND, and pacs --help lists every command', async () => {
    expect((await runCli(['help', 'settle'])).stdout).toMatch(/^usage: pacs settle /);
    const all = await runCli(['--help']);
    for (const c of ['calc', 'settle', 'need-index', 'simulate', 'presets', 'validate'])
      expect(all.stdout).toContain(`pacs ${c}`);
  });

  it('npm run token -- --help prints its usage and exits 0', async () => {
    const { io, out } = captureStreams();
    expect(await runTokenCli(['--help'], io, {})).toBe(0);
    expect(out.stdout).toMatch(/^usage: npm run token -- --org RXX --user alice/);
    expect(out.stdout).toContain('--ttl');
    expect(out.stderr).toBe('');
  });
});
