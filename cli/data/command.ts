import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainError, ValidationError } from '../../shared/core/base/index.ts';
import {
  type DataProfile,
  DEFAULT_MAPPING,
  DEFAULT_NEED_RULE,
  DataProfile as DataProfileSchema,
  buildProfile,
  writeBaselines,
} from '../../shared/core/dataProfile/index.ts';
import { resolveRiskShare } from '../../shared/core/presets/index.ts';
import { type ScenarioInput, parseScenario, parseWith } from '../../shared/core/scenario/index.ts';
import { parseSimulationOptions } from '../../shared/core/simulation/index.ts';
import { parseArgs } from '../args.ts';
import { type CliContext, UsageError } from '../context.ts';
import { readJson } from '../files.ts';
import { toJson } from '../json.ts';
import { DataReadError } from './duck.ts';
import { DEFAULT_ATTACHMENTS, SHARED_OPTIONS, dataOptions } from './options.ts';
import { terminalProgress } from './progress.ts';
import { readExtract } from './readExtract.ts';
import { renderBaselineChanges, renderCalibration, renderProfile, renderQuality } from './render.ts';

/* `pacs data profile|baseline|calibrate EXTRACT...`: read a linked pseudonymised extract on this machine and
 * keep only aggregates (the data profile); write its baselines into a scenario, or its calibrated cost model into
 * simulation options. `pacs data mapping` and `pacs data need-rule` print the defaults to start a local file. */

export const DATA_USAGE =
  'pacs data profile|baseline|calibrate EXTRACT... [--mapping FILE] [--practices CSV [--icb CODE]] [--years 2023/24,...] [--json]\n' +
  '         pacs data baseline EXTRACT... --into SCENARIO.json | pacs data calibrate EXTRACT... [--into OPTIONS.json]\n' +
  '         pacs data mapping | pacs data need-rule   (see docs/patient-data.md)';

const FLAGS = new Set(['json']);

export async function dataCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'profile':
      return profileCommand(rest, ctx);
    case 'baseline':
      return baselineCommand(rest, ctx);
    case 'calibrate':
      return calibrateCommand(rest, ctx);
    case 'mapping':
      ctx.stdout.write(toJson(DEFAULT_MAPPING));
      return 0;
    case 'need-rule':
      ctx.stdout.write(toJson(DEFAULT_NEED_RULE));
      return 0;
    default:
      throw new UsageError(
        'data',
        sub === undefined ? 'a subcommand is required' : `unknown subcommand "${sub}"`,
      );
  }
}

/** Reads the extract (or a saved profile) into a profile; stops with the bad-input report if too much was
 *  rejected. */
async function obtainProfile(
  positional: string[],
  options: Record<string, string | true>,
  ctx: CliContext,
  attachments?: number[],
): Promise<DataProfile> {
  if (options.profile !== undefined) {
    if (positional.length > 0)
      throw new UsageError('--profile', 'give either EXTRACT files or --profile, not both');
    return parseWith(DataProfileSchema, readJson(String(options.profile), '--profile'), '--profile');
  }
  if (positional.length === 0) throw new UsageError('EXTRACT', 'EXTRACT (files or directories) is required');
  const o = dataOptions(options, attachments);
  const progress = ctx.isTTY ? terminalProgress(ctx.stderr) : undefined;
  const started = Date.now();
  let aggregates: Awaited<ReturnType<typeof readExtract>>;
  try {
    aggregates = await readExtract(positional, { ...o.read, ...(progress ? { progress } : {}) });
  } catch (e) {
    if (e instanceof DataReadError) throw new ValidationError([{ field: 'EXTRACT', message: e.message }]);
    throw e;
  }
  progress?.finish(`profiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!aggregates.quality.passed) {
    ctx.stdout.write(o.json ? toJson({ quality: aggregates.quality }) : renderQuality(aggregates.quality));
    throw new DomainError('--max-rejected', aggregates.quality.failures.join('; '));
  }
  return buildProfile(aggregates, {
    mapping: o.mapping,
    needRule: o.read.needRule,
    segmentation: o.read.segmentation,
    disclosure: o.disclosure,
  });
}

async function profileCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(argv, FLAGS, new Set([...SHARED_OPTIONS, 'out']));
  const profile = await obtainProfile(positional, options, ctx);
  if (options.out !== undefined) writeAtomically(String(options.out), toJson(profile), '--out');
  ctx.stdout.write(options.json ? toJson(profile) : renderProfile(profile));
  if (options.out !== undefined && !options.json) ctx.stdout.write(`\nwrote the profile to ${options.out}\n`);
  return 0;
}

async function baselineCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(
    argv,
    FLAGS,
    new Set([...SHARED_OPTIONS, 'into', 'profile', 'name', 'form', 'contract-years']),
  );
  const into = options.into;
  if (into === undefined || into === true) throw new UsageError('--into', '--into SCENARIO.json is required');
  // An existing scenario is validated before the extract is read, so a typo does not cost a long read.
  const existing = existsSync(into) ? (readJson(into, '--into') as ScenarioInput) : null;
  if (existing) parseScenario(existing);
  const form = options.form === undefined ? undefined : String(options.form);
  if (form !== undefined && !['virtual', 'partially_integrated', 'fully_integrated'].includes(form))
    throw new ValidationError([
      { field: '--form', message: 'must be virtual, partially_integrated or fully_integrated' },
    ]);
  const contractYears =
    options['contract-years'] === undefined ? undefined : Number(options['contract-years']);
  if (
    contractYears !== undefined &&
    !(Number.isInteger(contractYears) && contractYears >= 1 && contractYears <= 15)
  )
    throw new ValidationError([
      { field: '--contract-years', message: 'must be a whole number from 1 to 15' },
    ]);
  const profile = await obtainProfile(positional, options, ctx);
  const result = writeBaselines(profile, existing, {
    ...(options.name === undefined ? {} : { name: String(options.name) }),
    ...(form === undefined ? {} : { form: form as 'virtual' }),
    ...(contractYears === undefined ? {} : { contractYears }),
    provenance: [
      `Population and baselines written by pacs data baseline on ${new Date().toISOString().slice(0, 10)} from ${profile.source.files.length} file(s): ${profile.source.files.map((f) => `${f.name} (${f.kind}, ${f.format})`).join(', ')}; patient rows were read on the analyst's machine and only aggregates kept.`,
    ],
  });
  writeAtomically(into, toJson(result.document));
  if (options.json)
    ctx.stdout.write(toJson({ scenario: into, changes: result.changes, quality: profile.quality }));
  else {
    ctx.stdout.write(renderQuality(profile.quality));
    ctx.stdout.write(renderBaselineChanges(profile, result.changes, into, existing !== null));
  }
  return 0;
}

async function calibrateCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(
    argv,
    FLAGS,
    new Set([...SHARED_OPTIONS, 'into', 'profile', 'scenario']),
  );
  let attachments: number[] | undefined;
  if (options.scenario !== undefined) {
    const scenario = parseScenario(readJson(String(options.scenario), '--scenario'));
    const specific = resolveRiskShare(scenario.riskShare).stopLoss.specific;
    if (specific) attachments = [...DEFAULT_ATTACHMENTS, specific.attachment];
  }
  const profile = await obtainProfile(positional, options, ctx, attachments);
  const calibration = profile.risk.calibration;
  if (options.into !== undefined) {
    const path = String(options.into);
    const base = existsSync(path) ? readJson(path, '--into') : {};
    if (typeof base !== 'object' || base === null || Array.isArray(base))
      throw new ValidationError([
        { field: '--into', message: 'must be a JSON object of simulation options' },
      ]);
    const next = { ...(base as Record<string, unknown>), calibration };
    parseSimulationOptions(next);
    writeAtomically(path, toJson(next));
  }
  if (options.json) ctx.stdout.write(toJson({ risk: profile.risk, quality: profile.quality }));
  else {
    ctx.stdout.write(renderCalibration(profile));
    if (options.into !== undefined)
      ctx.stdout.write(
        `\nwrote calibration to ${options.into} (use: pacs simulate SCENARIO --options ${basename(String(options.into))})\n`,
      );
  }
  return 0;
}

/** Never a half-written file: write beside it, then rename over it. */
function writeAtomically(path: string, text: string, field = '--into') {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (e) {
    throw new ValidationError([
      { field, message: `${path} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})` },
    ]);
  }
}
