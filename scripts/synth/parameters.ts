import type { ServiceCategory } from '../../shared/core/scenario/index.ts';

/* The generating model of the synthetic extract, as data (written into truth.json beside the extract, so tests
 * derive every expected figure from it):
 *
 * 1. People are drawn for real practices of one ICB (NHS England's 2024/25 list sizes), with age, sex and IMD
 *    quintile from England's 2014 population (the spend table), tilted per practice by its own need indices
 *    (Health Ineq WP towards deprivation, Final WP towards older ages), so practices differ as real ones do.
 * 2. Each person has a latent class: A (no long-term condition: 0-1 LTCs), B (ongoing: 2-3 LTCs), C (highest
 *    needs: 4-7 LTCs), with probabilities by age band, from a persistent rank (people move from A to B to C as
 *    they age, and every band has the same class mix in every year; the LTC count in the people file is the base
 *    year's). Under the default level-of-need rule, in the base year C is level 4, B level 3 and A level 2 or 1 by
 *    whether they had an urgent contact; anyone in the top 2% by cost is level 4.
 * 3. Annual cost = cell mean x class multiplier (normalised so each age/sex/IMD cell's mean is the spend table's
 *    2014/15 per-person spend x SPEND_UPLIFT) x practice effect x a unit-mean random factor X from the
 *    simulation's cost model (zero with probability zeroProb[class], else lognormal body sigma with a Pareto tail
 *    of index alpha on its top tailMass). Tuned so the whole population has the published concentration (MEPS,
 *    capitation-method.md §3.10): top 1% of people ~21% of spend, top 5% ~49%, bottom 50% ~3%.
 * 4. The year's cost is split over `episodes[class]` episodes (flat Dirichlet), each in a service line drawn in
 *    proportion to the cell's spend split (class A never uses ongoing-care lines); each episode is 1 + Poisson
 *    contacts (activity rows), its cost split flat-Dirichlet among them. So the expected spend of a line is the
 *    cost times its share, exactly.
 * 5. Spend per person grows by `growth[category]` a year: year y's expected line spend is the base year's x
 *    (1 + g)^(y - base). */

export const SPEND_UPLIFT = 1.75;

export const AGE_BANDS = [
  { from: 0, to: 4 },
  { from: 5, to: 14 },
  { from: 15, to: 44 },
  { from: 45, to: 64 },
  { from: 65, to: 74 },
  { from: 75, to: 84 },
  { from: 85 },
] as const;

export type LatentClass = 'A' | 'B' | 'C';
export const CLASSES: LatentClass[] = ['A', 'B', 'C'];

export interface SynthParameters {
  /** P(class B), P(class C) by age band (A is the rest). */
  classB: number[];
  classC: number[];
  /** Cost multipliers before normalisation within each cell. */
  multiplier: Record<LatentClass, number>;
  zeroProb: Record<LatentClass, number>;
  sigma: number;
  tailMass: number;
  tailAlpha: number;
  /** LTC count range by class (uniform integers). */
  ltc: Record<LatentClass, [number, number]>;
  episodes: Record<LatentClass, number>;
  /** Mean extra contacts per episode by setting (before scaling to a target row count). */
  extraContacts: Record<string, number>;
  /** Share of outpatient contacts that are follow-ups (class B/C only; class A has first attendances only). */
  followUpShare: number;
  /** Annual growth of spend per person by category (default for the rest). */
  growth: Partial<Record<ServiceCategory, number>> & { default: number };
  /** Log-sd of each practice's utilisation effect exp(sd Z - sd^2 / 2). */
  practiceEffectSd: number;
  /** Practice tilts: IMD quintile q weighted by healthIneqIndex^(3 - q) x tilt; age band b by needIndex^ageTilt[b]. */
  imdTilt: number;
  ageTilt: number[];
}

export const DEFAULT_PARAMETERS: SynthParameters = {
  classB: [0.04, 0.06, 0.12, 0.28, 0.45, 0.55, 0.6],
  classC: [0.003, 0.004, 0.008, 0.025, 0.06, 0.1, 0.16],
  multiplier: { A: 0.6, B: 1.4, C: 3 },
  zeroProb: { A: 0.25, B: 0, C: 0 },
  sigma: 1.55,
  tailMass: 0.02,
  tailAlpha: 4,
  ltc: { A: [0, 1], B: [2, 3], C: [4, 7] },
  episodes: { A: 2, B: 4, C: 8 },
  extraContacts: {
    GP: 2,
    PRESC: 4,
    APC_EL: 0,
    APC_NEL: 0.3,
    SPEC: 0.5,
    APC_MAT: 1,
    CHC: 3,
    OP_FA: 0.5,
    OP_FU: 1.5,
    CHS: 3,
    MH: 2,
    AE: 0.3,
    HCD: 1,
  },
  followUpShare: 0.6,
  growth: { default: 0.03, acute_non_elective: 0.05, urgent_care: 0.05, prescribing: 0.02 },
  practiceEffectSd: 0.12,
  imdTilt: 1,
  ageTilt: [-0.5, -0.5, -0.5, 0, 1, 1.5, 2],
};

/** The synthetic extract's service lines: the example split of the spend table's three columns
 *  (scripts/exampleData/serviceLines.ts STANDARD_LINES), each with the local setting code its rows carry. */
export const LINE_SETTINGS: Record<
  string,
  { category: ServiceCategory; settings: string[]; ongoing: boolean; urgent: boolean }
> = {
  core_gp: { category: 'core_primary_medical', settings: ['GP'], ongoing: false, urgent: false },
  prescribing: { category: 'prescribing', settings: ['PRESC'], ongoing: false, urgent: false },
  elective: { category: 'acute_elective', settings: ['APC_EL'], ongoing: false, urgent: false },
  non_elective: { category: 'acute_non_elective', settings: ['APC_NEL'], ongoing: false, urgent: true },
  specialised: { category: 'specialised', settings: ['SPEC'], ongoing: false, urgent: false },
  maternity: { category: 'maternity', settings: ['APC_MAT'], ongoing: false, urgent: false },
  chc: { category: 'continuing_healthcare', settings: ['CHC'], ongoing: true, urgent: false },
  outpatients: { category: 'outpatients', settings: ['OP_FA', 'OP_FU'], ongoing: false, urgent: false },
  community: { category: 'community', settings: ['CHS'], ongoing: true, urgent: false },
  mental_health: { category: 'mental_health', settings: ['MH'], ongoing: true, urgent: false },
  urgent_care: { category: 'urgent_care', settings: ['AE'], ongoing: false, urgent: true },
  hcd: { category: 'high_cost_drugs_devices', settings: ['HCD'], ongoing: false, urgent: false },
};

export function growthOf(p: SynthParameters, category: ServiceCategory): number {
  return p.growth[category] ?? p.growth.default;
}
