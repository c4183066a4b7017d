import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataProfile, SettingMapping } from '../../../shared/core/dataProfile/index.ts';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/index.ts';
import { generateExtract } from '../../../scripts/synth/generate.ts';
import { main } from '../../../cli/main.ts';
import { captureStreams } from '../../support/captureStreams.ts';
import { repoRoot, runCli, runPacs } from '../../support/runCli.ts';
import { ALL_IDS, badExtract, cleanTempDirs, tempDir, write } from './extractFiles.ts';

const PRACTICE_FILE = join(repoRoot, '..', 'shared', 'data', 'gp-practice-weighted-populations-2024-25.csv');

afterAll(cleanTempDirs);

describe('pacs data', () => {
  it('fails with the bad-input report when more rows are rejected than allowed, and passes when allowed', async () => {
    const { extract, practices } = await badExtract();
    const failed = await runCli(['data', 'profile', extract, '--practices', practices, '--icb', 'QXX']);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toMatch(/people: 14 rows read, 4 accepted, 10 rejected \(71\.43%\)/);
    expect(failed.stdout).toMatch(/unknown_practice: 1 - .*"P009" \(people\.csv\)/);
    expect(failed.stderr).toMatch(
      /^error: --max-rejected: people: 10 of 14 rows rejected \(71\.43%\), above the limit of 1\.00%/,
    );
    const passed = await runCli([
      'data',
      'profile',
      extract,
      '--practices',
      practices,
      '--max-rejected',
      '0.8',
      '--json',
    ]);
    expect(passed.code).toBe(0);
    const profile = DataProfile.parse(JSON.parse(passed.stdout));
    expect(profile.quality.passed).toBe(true);
  });

  it('no person id appears in any output, file or error, whatever the command', async () => {
    const { dir, extract, practices } = await badExtract();
    // A file without a header row (its first row would be taken for column names) and a malformed line.
    write(extract, 'zz-noheader.csv', 'pid_h1,2024-05-01,GP,40,\n');
    const outputs: string[] = [];
    const collect = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    collect(await runCli(['data', 'profile', extract, '--practices', practices]));
    const noHeader = join(dir, 'zz-noheader.csv');
    copyFileSync(join(extract, 'zz-noheader.csv'), noHeader);
    (await import('node:fs')).rmSync(join(extract, 'zz-noheader.csv'));
    collect(await runCli(['data', 'profile', extract, noHeader]));
    const ok = ['--practices', practices, '--max-rejected', '0.8'];
    collect(await runCli(['data', 'profile', extract, ...ok, '--json', '--out', join(dir, 'profile.json')]));
    collect(await runCli(['data', 'profile', extract, ...ok, '--suppress-below', '1', '--round-to', '1']));
    const tooSmall = await runCli(['data', 'baseline', extract, ...ok, '--into', join(dir, 'scenario.json')]);
    expect(tooSmall.stderr).toMatch(/no practice has person-years left to write after disclosure control/);
    collect(tooSmall);
    const open = ['--suppress-below', '1', '--round-to', '1'];
    collect(
      await runCli(['data', 'baseline', extract, ...ok, ...open, '--into', join(dir, 'scenario.json')]),
    );
    collect(await runCli(['data', 'calibrate', extract, ...ok, '--into', join(dir, 'options.json')]));
    collect(runPacs(['data', 'profile', extract, '--practices', practices]));
    for (const f of ['profile.json', 'scenario.json', 'options.json'])
      outputs.push(readFileSync(join(dir, f), 'utf8'));
    expect(outputs.join('\n')).toMatch(/unknown_practice/);
    for (const id of [...ALL_IDS, 'pid_h1', '1234567890'])
      for (const text of outputs) expect(text).not.toContain(id);
  });

  it('baseline: a new scenario from a synthetic extract validates and calculates its base year', async () => {
    const dir = tempDir();
    await generateExtract({
      icb: 'QOC',
      people: 3_000,
      seed: 5,
      years: ['2023/24', '2024/25'],
      out: join(dir, 'extract'),
      format: 'csv',
      bom: false,
      split: 'year',
      peopleFiles: 1,
      bad: 0,
    });
    const into = join(dir, 'new.json');
    const r = await runCli([
      'data',
      'baseline',
      join(dir, 'extract'),
      '--practices',
      PRACTICE_FILE,
      '--icb',
      'QOC',
      '--into',
      into,
      '--name',
      'QOC from data',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Created .*new\.json/);
    const scenario = parseScenario(JSON.parse(readFileSync(into, 'utf8')));
    expect(scenario.name).toBe('QOC from data');
    expect(scenario.notes[0]).toMatch(
      /written by pacs data baseline on \d{4}-\d{2}-\d{2}.*only aggregates kept/,
    );
    // Every practice has its need index from NHS England's file, so need adjustment is on.
    expect(scenario.need.method).toBe('weighted_capitation');
    const profile = await runCli([
      'data',
      'profile',
      join(dir, 'extract'),
      '--practices',
      PRACTICE_FILE,
      '--icb',
      'QOC',
      '--json',
    ]);
    const expected = DataProfile.parse(JSON.parse(profile.stdout)).baselines.reconciliation
      .scenarioSpendWithCostIndex;
    // The base-year budget is person-years x baselines (to the penny) x cost indices (to 4 decimals).
    expect(Math.abs(calculate(scenario).years[0]!.wholePopulationSpend / expected - 1)).toBeLessThan(1e-4);
    expect(existsSync(`${into}.${process.pid}.tmp`)).toBe(false);
  });

  it('baseline into an existing example keeps its choices; calibrate writes options the simulation accepts', async () => {
    const dir = tempDir();
    const into = join(dir, 'tameside.json');
    copyFileSync(join(repoRoot, 'examples', 'fully-integrated-tameside.json'), into);
    const before = JSON.parse(readFileSync(into, 'utf8'));
    await generateExtract({
      icb: 'QOP',
      people: 4_000,
      seed: 6,
      years: ['2024/25'],
      out: join(dir, 'extract'),
      format: 'parquet',
      bom: false,
      split: 'none',
      peopleFiles: 1,
      bad: 0,
    });
    const args = [join(dir, 'extract'), '--practices', PRACTICE_FILE, '--icb', 'QOP'];
    const r = await runCli(['data', 'baseline', ...args, '--into', into]);
    expect(r.code).toBe(0);
    const after = parseScenario(JSON.parse(readFileSync(into, 'utf8')));
    expect(after.riskShare).toEqual(before.riskShare);
    expect(after.providers).toEqual(before.providers.map((p: object) => expect.objectContaining(p)));
    expect(after.serviceLines.map((l) => l.id)).toEqual(before.serviceLines.map((l: { id: string }) => l.id));
    expect(after.notes.slice(0, before.notes.length)).toEqual(before.notes);

    const options = join(dir, 'options.json');
    const c = await runCli(['data', 'calibrate', ...args, '--scenario', into, '--into', options]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/Fit: model against data/);
    const written = parseSimulationOptions(JSON.parse(readFileSync(options, 'utf8')));
    expect(Object.keys(written.calibration.zeroProbBySegment).length).toBeGreaterThan(0);
    const sim = await runCli([
      'simulate',
      into,
      '--trials',
      '200',
      '--seed',
      '1',
      '--options',
      options,
      '--json',
    ]);
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).trials).toBe(200);
  });

  it('shows progress on a terminal; a saved profile gives the same scenario as the extract', async () => {
    const { dir, extract, practices } = await badExtract();
    const { io, out } = captureStreams();
    const args = [
      extract,
      '--practices',
      practices,
      '--max-rejected',
      '0.8',
      '--suppress-below',
      '1',
      '--round-to',
      '1',
    ];
    const code = await main(['data', 'profile', ...args, '--out', join(dir, 'p.json')], {
      ...io,
      isTTY: true,
    });
    expect(code).toBe(0);
    expect(out.stderr).toMatch(/\rprofiling: reading people\.csv \(file 1 of 3, 0% of the data read\)/);
    expect(out.stderr).toMatch(/\rprofiling: reading 2 activity file\(s\)/);
    expect(out.stderr).toMatch(/profiled in \d+\.\d s/);
    expect((await runCli(['data', 'baseline', ...args, '--into', join(dir, 'a.json')])).code).toBe(0);
    expect(
      (await runCli(['data', 'baseline', '--profile', join(dir, 'p.json'), '--into', join(dir, 'b.json')]))
        .code,
    ).toBe(0);
    const notes = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    expect(notes('b.json')).toEqual(notes('a.json'));
    expect(
      (
        await runCli([
          'data',
          'baseline',
          extract,
          '--profile',
          join(dir, 'p.json'),
          '--into',
          join(dir, 'c.json'),
        ])
      ).stderr,
    ).toMatch(/either EXTRACT files or --profile/);
  });

  it('mapping and need-rule print the defaults as files to start from; usage errors name the argument', async () => {
    const m = await runCli(['data', 'mapping']);
    expect(SettingMapping.parse(JSON.parse(m.stdout)).settings.length).toBeGreaterThan(20);
    expect(JSON.parse((await runCli(['data', 'need-rule'])).stdout).levels).toHaveLength(3);
    expect((await runCli(['data', 'nonsense'])).stderr).toMatch(/unknown subcommand "nonsense"/);
    expect((await runCli(['data', 'profile'])).stderr).toMatch(
      /EXTRACT \(files or directories\) is required/,
    );
    expect((await runCli(['data', 'profile', '/no/such/dir'])).stderr).toMatch(/no such file or directory/);
    expect(
      (await runCli(['data', 'profile', tempDir(), '--suppress-below', '8', '--round-to', '1'])).stderr,
    ).toMatch(/disclosure.roundTo: must be 2 or more/);
    expect((await runCli(['data', 'baseline', tempDir()])).stderr).toMatch(
      /--into SCENARIO.json is required/,
    );
    expect(readdirSync(tempDir())).toEqual([]);
  });
});
