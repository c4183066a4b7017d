import { ValidationError } from '../base/index.ts';
import type { ExtractAggregates } from './aggregates.ts';
import { buildBaselines } from './baselines.ts';
import { Disclosure, type DisclosureRule } from './disclosure.ts';
import { buildDrivers, buildLevels } from './drivers.ts';
import { type ResolvedMapping, type SettingMapping, resolveMapping } from './mapping.ts';
import type { NeedRule } from './needRule.ts';
import { DataProfile, PROFILE_VERSION } from './profile.ts';
import { buildRisk } from './risk.ts';
import type { Segmentation } from './segmentation.ts';
import { buildTrend } from './trend.ts';

export interface ProfileOptions {
  mapping: SettingMapping;
  needRule: NeedRule;
  segmentation: Segmentation;
  disclosure: DisclosureRule;
}

/** The mapping with its defaults filled, or a ValidationError naming each entry at fault. */
export function resolveMappingOrThrow(mapping: SettingMapping, prefix = 'mapping'): ResolvedMapping {
  const r = resolveMapping(mapping);
  if ('problems' in r)
    throw new ValidationError(r.problems.map((p) => ({ field: `${prefix}.${p.path}`, message: p.message })));
  return r;
}

/** The data profile of an extract's aggregates: every published figure, after disclosure control. */
export function buildProfile(aggs: ExtractAggregates, options: ProfileOptions): DataProfile {
  if (aggs.years.length === 0)
    throw new ValidationError([{ field: 'years', message: 'the profile has no year' }]);
  const resolved = resolveMappingOrThrow(options.mapping);
  // The profile's lines: the mapping's lines that any accepted activity reached (a mapped setting the extract
  // never uses says nothing about its line, and must not add an empty line to a scenario).
  const used = new Set(aggs.segmentLineYears.filter((r) => r.users > 0).map((r) => r.line));
  const lines = resolved.lines.filter((l) => used.has(l.id));
  const disclosure = new Disclosure(options.disclosure);
  const seg = options.segmentation;
  const b = buildBaselines(aggs, seg, lines, disclosure);
  const levels = buildLevels(aggs, options.needRule, disclosure);
  const drivers = buildDrivers(aggs, seg, lines, resolved.settings, disclosure);
  const risk = buildRisk(aggs, seg, b.keys, disclosure);
  const trend = buildTrend(aggs, seg, lines, disclosure);
  return DataProfile.parse({
    profileVersion: PROFILE_VERSION,
    source: {
      files: aggs.files,
      years: aggs.years,
      baseYear: aggs.years.at(-1)!,
      mapping: options.mapping,
      needRule: options.needRule,
      segmentation: seg,
      ...(aggs.needIndexSource ? { needIndexSource: aggs.needIndexSource } : {}),
    },
    quality: aggs.quality,
    segments: b.segments,
    lines,
    population: b.population,
    baselines: b.baselines,
    levels,
    drivers,
    risk,
    trend,
    disclosure: {
      rule: options.disclosure,
      summary: disclosure.summary(),
      suppressed: disclosure.suppressed,
    },
  });
}
