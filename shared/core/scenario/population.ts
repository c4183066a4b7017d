import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { Id, Index, LIMITS, PerYear, PersonYears } from './common.ts';

/** Levels of need in the PACS care model (NHS England 2016): 1 whole population ... 4 highest needs. */
export const NeedLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const Segment = strictObject({
  id: Id,
  ageFrom: z.number().int().min(0).max(120),
  /** Inclusive upper age; omit for an open band such as 85+. */
  ageTo: z.number().int().min(0).max(120).optional(),
  sex: z.enum(['F', 'M', 'all']),
  needLevel: NeedLevel.optional(),
  imdQuintile: z.number().int().min(1).max(5).optional(),
});
export type Segment = z.infer<typeof Segment>;

export const Neighbourhood = strictObject({ id: Id, name: plainText({ max: 200 }) });

export const Practice = strictObject({
  id: Id,
  name: plainText({ max: 200 }),
  neighbourhood: Id,
  /** Base-year person-years by segment, aligned with `population.segments` (same order, same length). */
  personYears: z.array(PersonYears).max(LIMITS.segments),
  /** Relative need index of the practice (1 = ICB average); used by weighted-capitation need adjustment. */
  needIndex: Index.optional(),
});
export type Practice = z.infer<typeof Practice>;

export const Exclusion = strictObject({
  reason: plainText({ max: 500 }),
  practice: Id.optional(),
  segment: Id.optional(),
  /** Person-years removed from scope (care carved out entirely, out-of-area registrants, ...). */
  personYears: PersonYears,
});

export const Population = strictObject({
  segments: z.array(Segment).min(1).max(LIMITS.segments),
  neighbourhoods: z.array(Neighbourhood).min(1).max(LIMITS.neighbourhoods),
  practices: z.array(Practice).min(1).max(LIMITS.practices),
  /** Annual population growth (demographic), per contract year; optional override per segment. */
  growth: strictObject({ rate: PerYear.default(0), bySegment: z.record(Id, PerYear).optional() }).default({
    rate: 0,
  }),
  /** Unregistered residents added on top of the registered list, as a share of registered person-years,
   *  distributed pro rata across practices and segments (MCP contract practice). */
  unregisteredRate: z.number().finite().min(0).max(0.5).default(0),
  exclusions: z.array(Exclusion).max(LIMITS.exclusions).default([]),
});
export type Population = z.infer<typeof Population>;
