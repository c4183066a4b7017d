import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import type { Segment } from '../scenario/index.ts';

/* How people are grouped into segments (capitation-method.md B2): age band x sex x IMD quintile x level of need.
 * Any of the last three can be switched off for small populations, where fine cells would mostly be suppressed. */

export const AgeBand = strictObject({
  from: z.number().int().min(0).max(120),
  /** Inclusive upper age; omitted for the open last band (85+). */
  to: z.number().int().min(0).max(120).optional(),
});
export type AgeBand = z.infer<typeof AgeBand>;

/** Children, working age split at 45, and the older ages where spend rises fastest (as the worked examples). */
export const DEFAULT_AGE_BANDS: AgeBand[] = [
  { from: 0, to: 4 },
  { from: 5, to: 14 },
  { from: 15, to: 44 },
  { from: 45, to: 64 },
  { from: 65, to: 74 },
  { from: 75, to: 84 },
  { from: 85 },
];

export const Segmentation = strictObject({
  ageBands: z.array(AgeBand).min(1).default(DEFAULT_AGE_BANDS),
  bySex: z.boolean().default(true),
  byImd: z.boolean().default(true),
  byNeed: z.boolean().default(true),
}).superRefine((s, ctx) => {
  let next = 0;
  s.ageBands.forEach((b, i) => {
    const last = i === s.ageBands.length - 1;
    if (b.from !== next)
      ctx.addIssue({
        code: 'custom',
        path: ['ageBands', i, 'from'],
        message: `must be ${next}: bands start at 0 and follow each other without gaps`,
      });
    if (b.to === undefined && !last)
      ctx.addIssue({
        code: 'custom',
        path: ['ageBands', i, 'to'],
        message: 'only the last band may be open',
      });
    if (b.to !== undefined && last)
      ctx.addIssue({
        code: 'custom',
        path: ['ageBands', i, 'to'],
        message: 'the last band must be open (no upper age) so nobody falls outside',
      });
    if (b.to !== undefined && b.to < b.from)
      ctx.addIssue({ code: 'custom', path: ['ageBands', i, 'to'], message: `is below from ${b.from}` });
    next = (b.to ?? b.from) + 1;
  });
});
export type Segmentation = z.output<typeof Segmentation>;

export const DEFAULT_SEGMENTATION: Segmentation = {
  ageBands: DEFAULT_AGE_BANDS,
  bySex: true,
  byImd: true,
  byNeed: true,
};

/** A segment cell as the adapter reports it: band index, and null where the segmentation ignores a dimension. */
export interface SegmentKey {
  band: number;
  sex: 'F' | 'M' | null;
  imd: number | null;
  need: number | null;
}

export function bandLabel(b: AgeBand): string {
  if (b.to === undefined) return `${b.from}plus`;
  return b.from === b.to ? `${b.from}` : `${b.from}-${b.to}`;
}

/** Parses "0-4,5-14,15-44,45-64,65-74,75-84,85+" (the form of the --bands option). */
export function parseAgeBands(text: string): AgeBand[] {
  return text.split(',').map((part) => {
    const t = part.trim();
    const open = /^(\d+)\+$/.exec(t);
    if (open) return { from: Number(open[1]) };
    const range = /^(\d+)-(\d+)$/.exec(t);
    if (range) return { from: Number(range[1]), to: Number(range[2]) };
    const single = /^(\d+)$/.exec(t);
    if (single) return { from: Number(single[1]), to: Number(single[1]) };
    return { from: Number.NaN };
  });
}

/** Segment id, stable and readable: `45-64_F_q3_n2`; dimensions that are off are left out (`45-64_all`). */
export function segmentId(seg: Segmentation, key: SegmentKey): string {
  const parts = [bandLabel(seg.ageBands[key.band]!)];
  if (key.sex !== null) parts.push(key.sex);
  if (key.imd !== null) parts.push(`q${key.imd}`);
  if (key.need !== null) parts.push(`n${key.need}`);
  if (parts.length === 1) parts.push('all');
  return parts.join('_');
}

/** Every cell of the segmentation in a fixed order: band, then sex, then IMD quintile, then level of need. */
export function allSegmentKeys(seg: Segmentation): SegmentKey[] {
  const sexes: ('F' | 'M' | null)[] = seg.bySex ? ['F', 'M'] : [null];
  const imds: (number | null)[] = seg.byImd ? [1, 2, 3, 4, 5] : [null];
  const needs: (number | null)[] = seg.byNeed ? [1, 2, 3, 4] : [null];
  const keys: SegmentKey[] = [];
  seg.ageBands.forEach((_, band) => {
    for (const sex of sexes)
      for (const imd of imds) for (const need of needs) keys.push({ band, sex, imd, need });
  });
  return keys;
}

/** The scenario segment (population.segments) of a cell. */
export function scenarioSegment(seg: Segmentation, key: SegmentKey): Segment {
  const band = seg.ageBands[key.band]!;
  return {
    id: segmentId(seg, key),
    ageFrom: band.from,
    ...(band.to === undefined ? {} : { ageTo: band.to }),
    sex: key.sex ?? 'all',
    ...(key.need === null ? {} : { needLevel: key.need as 1 | 2 | 3 | 4 }),
    ...(key.imd === null ? {} : { imdQuintile: key.imd }),
  };
}

/** Coarser groups a cell falls back to when its own figure is withheld, keeping the strongest drivers of cost
 *  longest: without IMD quintile, then without sex, then without age band (the level of need alone), then
 *  everyone (band -1). */
export function fallbackChain(key: SegmentKey): SegmentKey[] {
  const chain: SegmentKey[] = [];
  let k = key;
  const push = (next: SegmentKey) => {
    if (next.need !== k.need || next.imd !== k.imd || next.sex !== k.sex || next.band !== k.band) {
      chain.push(next);
      k = next;
    }
  };
  push({ ...k, imd: null });
  push({ ...k, sex: null });
  push({ ...k, band: -1 });
  push({ band: -1, sex: null, imd: null, need: null });
  return chain;
}

/** A readable name of a (possibly coarsened) group, for the suppression list. */
export function groupLabel(seg: Segmentation, key: SegmentKey): string {
  if (key.band < 0) return key.need === null ? 'all people' : `all ages_n${key.need}`;
  return segmentId(seg, key);
}

export function keyString(key: SegmentKey): string {
  return `${key.band}|${key.sex ?? '*'}|${key.imd ?? '*'}|${key.need ?? '*'}`;
}

/** Whether a cell lies inside a coarser group (null and band -1 match anything). */
export function within(cell: SegmentKey, group: SegmentKey): boolean {
  return (
    (group.band < 0 || group.band === cell.band) &&
    (group.sex === null || group.sex === cell.sex) &&
    (group.imd === null || group.imd === cell.imd) &&
    (group.need === null || group.need === cell.need)
  );
}
