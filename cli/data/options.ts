import { availableParallelism } from 'node:os';
import * as z from 'zod';
import { ValidationError } from '../../shared/core/base/index.ts';
import {
  DEFAULT_MAPPING,
  DEFAULT_NEED_RULE,
  DEFAULT_SEGMENTATION,
  DisclosureRule,
  NeedRule,
  type ResolvedMapping,
  Segmentation,
  SettingMapping,
  parseAgeBands,
  resolveMappingOrThrow,
} from '../../shared/core/dataProfile/index.ts';
import { LIMITS, formatBound, parseWith } from '../../shared/core/scenario/index.ts';
import { parseCsv } from '../../shared/core/needIndex/index.ts';
import { readJson, readText } from '../files.ts';
import { optionValue } from '../options.ts';
import { ReferencePractices } from './practices.ts';
import type { ReadOptions } from './readExtract.ts';

/* The options shared by `pacs data profile|baseline|calibrate`, each validated with zod and named in errors. */

export const SHARED_OPTIONS = [
  'mapping',
  'need-rule',
  'practices',
  'icb',
  'lsoa-imd',
  'years',
  'bands',
  'segments',
  'suppress-below',
  'round-to',
  'max-rejected',
  'attachments',
  'tail-quantile',
  'threads',
  'memory',
  'json',
];

export const DEFAULT_ATTACHMENTS = [25_000, 50_000, 100_000, 250_000];

const Whole = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const Share = z.coerce.number({ error: 'must be a number' }).min(0).max(1);
const FinancialYear = z
  .string()
  .trim()
  .regex(/^\d{4}\/\d{2}$/, 'use financial years such as 2023/24,2024/25');
const Memory = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i, 'use a size such as 3GB or 2500MB');

export interface DataOptions {
  read: Omit<ReadOptions, 'progress'>;
  mapping: SettingMapping;
  resolved: ResolvedMapping;
  disclosure: DisclosureRule;
  json: boolean;
}

export function dataOptions(options: Record<string, string | true>, attachments?: number[]): DataOptions {
  const text = (name: string) => {
    const v = options[name];
    if (v === undefined) return undefined;
    if (v === true) throw new ValidationError([{ field: `--${name}`, message: 'needs a value' }]);
    return v;
  };
  const mapping =
    text('mapping') === undefined
      ? DEFAULT_MAPPING
      : parseWith(SettingMapping, readJson(text('mapping')!, '--mapping'), '--mapping');
  const resolved = resolveMappingOrThrow(mapping, '--mapping');
  const needRule =
    text('need-rule') === undefined
      ? DEFAULT_NEED_RULE
      : parseWith(NeedRule, readJson(text('need-rule')!, '--need-rule'), '--need-rule');
  const dims = text('segments')
    ?.split(',')
    .map((d) => d.trim().toLowerCase());
  const unknownDim = dims?.find((d) => !['age', 'sex', 'imd', 'need'].includes(d));
  if (unknownDim !== undefined)
    throw new ValidationError([
      { field: '--segments', message: `"${unknownDim}" is not one of age, sex, imd, need` },
    ]);
  const segmentation = parseWith(
    Segmentation,
    {
      ageBands: text('bands') === undefined ? DEFAULT_SEGMENTATION.ageBands : parseAgeBands(text('bands')!),
      bySex: dims ? dims.includes('sex') : true,
      byImd: dims ? dims.includes('imd') : true,
      byNeed: dims ? dims.includes('need') : true,
    },
    '--bands',
  );
  const disclosure = parseWith(
    DisclosureRule,
    {
      suppressBelow:
        text('suppress-below') === undefined
          ? 8
          : optionValue(Whole(1, 1000), text('suppress-below'), '--suppress-below'),
      roundTo:
        text('round-to') === undefined ? 5 : optionValue(Whole(1, 100), text('round-to'), '--round-to'),
    },
    'disclosure',
  );
  const years = text('years')
    ?.split(',')
    .map((y) => optionValue(FinancialYear, y, '--years'));
  const practicesFile = text('practices');
  const icb = text('icb');
  if (icb !== undefined && practicesFile === undefined)
    throw new ValidationError([
      { field: '--icb', message: 'needs --practices (the practice weighted populations file)' },
    ]);
  const attachmentList =
    text('attachments') === undefined
      ? (attachments ?? DEFAULT_ATTACHMENTS)
      : text('attachments')!
          .split(',')
          .map((a) =>
            optionValue(
              z.coerce
                .number({ error: 'must be amounts in GBP' })
                .finite('must be finite amounts in GBP')
                .positive('must be above 0 GBP')
                .max(
                  LIMITS.patientCost,
                  `must be at most ${formatBound(LIMITS.patientCost)} GBP a patient a year`,
                ),
              a.trim(),
              '--attachments',
            ),
          );
  return {
    mapping,
    resolved,
    disclosure,
    json: options.json === true,
    read: {
      mapping: resolved,
      needRule,
      segmentation,
      ...(years ? { years: [...new Set(years)].sort() } : {}),
      ...(practicesFile ? { practices: ReferencePractices.fromFile(practicesFile, icb) } : {}),
      ...(text('lsoa-imd') ? { lsoaImd: readLsoaImd(text('lsoa-imd')!) } : {}),
      tailQuantile:
        text('tail-quantile') === undefined
          ? 0.99
          : optionValue(z.coerce.number().gt(0.5).lt(1), text('tail-quantile'), '--tail-quantile'),
      attachments: [...new Set(attachmentList)].sort((a, b) => a - b),
      maxRejectedShare:
        text('max-rejected') === undefined
          ? 0.01
          : optionValue(Share, text('max-rejected'), '--max-rejected'),
      threads:
        text('threads') === undefined
          ? Math.min(4, availableParallelism())
          : optionValue(Whole(1, 256), text('threads'), '--threads'),
      memoryLimit: text('memory') === undefined ? '3GB' : optionValue(Memory, text('memory'), '--memory'),
    },
  };
}

/** An LSOA -> IMD decile lookup (e.g. the English indices of deprivation file): columns named lsoa / lsoa11cd /
 *  lsoa21cd / lsoa code and imd_decile / imd decile / index of multiple deprivation (imd) decile. */
function readLsoaImd(path: string): { lsoa: string; decile: number }[] {
  const table = parseCsv(readText(path, '--lsoa-imd'));
  const find = (re: RegExp) => table.header.findIndex((h) => re.test(h.trim()));
  const l = find(/^lsoa(11|21)?(\s*cd|\s*code|_code)?$/i);
  const d = find(/(^imd[ _]decile$)|(\(imd\) decile)|(^index of multiple deprivation.*decile)/i);
  if (l < 0 || d < 0)
    throw new ValidationError([
      {
        field: '--lsoa-imd',
        message: 'needs an LSOA code column (lsoa, lsoa11cd, lsoa21cd) and an IMD decile column (imd_decile)',
      },
    ]);
  return table.rows.map((cells, i) => {
    const decile = Number(cells[d]);
    if (!Number.isInteger(decile) || decile < 1 || decile > 10)
      throw new ValidationError([
        { field: '--lsoa-imd', message: `line ${table.rowLines[i]}: IMD decile "${cells[d]}" is not 1-10` },
      ]);
    return { lsoa: (cells[l] ?? '').trim(), decile };
  });
}
