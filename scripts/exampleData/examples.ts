import type { PracticeRow } from '../../shared/core/needIndex/index.ts';
import type { ScenarioInput } from '../../shared/core/scenario/index.ts';
import { type ExampleData, withPaymentLines } from './exampleData.ts';
import type { PaymentRow } from './gpPayments.ts';
import { GP_PAYMENTS_UPLIFT_2022_23_TO_2025_26 } from './gpPriceIndex.ts';
import { sectorNeighbourhoods } from './neighbourhoods.ts';
import { buildPlaceData } from './placeData.ts';
import { primaryCareNotes } from './primaryCareNotes.ts';
import type { SpendCell } from './readData.ts';
import { BROAD_BANDS } from './segments.ts';
import { SPEND_UPLIFT_2014_15_TO_2025_26, SPLIT_ASSUMPTIONS, STANDARD_LINES } from './serviceLines.ts';

/** A worked example: one contract form on real practices of one place (local authority district) of one ICB. */
export interface ExampleSpec {
  file: string;
  icb: string;
  /** LTLA21 name of the place whose practices form the PACS. */
  place: string;
  neighbourhoods: number;
  build(data: ExampleData, rows: PracticeRow[]): ScenarioInput;
}

/** Published NHS Payment Scheme 2025/26 cost uplift after the pay award (capitation-method A12, §3.6). */
export const NHSPS_COST_UPLIFT_2025_26 = 0.0483;
/** ASSUMPTION: cost of an average elective spell, GBP 2025/26, used to express the acute elective budget as
 *  planned activity for an API-style fixed + variable payment. */
const ELECTIVE_SPELL_PRICE = 4000;

const YEARS = 5;
const TRAJECTORY = { costUplift: NHSPS_COST_UPLIFT_2025_26, efficiency: 0.02, nonDemographicGrowth: 0.015 };
const POPULATION_GROWTH = 0.004;

function commonNotes(data: ExampleData, spec: ExampleSpec, icbName: string): string[] {
  const people = Math.round(data.registered).toLocaleString('en-GB');
  return [
    `Practices: the ${data.practices.length} GP practices of ${spec.place} (${icbName}, ${spec.icb}) in NHS England's 2024/25 practice weighted populations (nhsx/AIF_Allocation_Tool data/2024_2025.csv, OGL v3); registered list ${people} (pop 2022/23).`,
    `Neighbourhoods: the place's practices split into ${spec.neighbourhoods} groups of neighbouring practices of similar size (by bearing from the place's population-weighted centre), standing in for the 30-50k hubs of the PACS/MCP model because the file carries no PCN codes.`,
    'Person-years: the practice file has list sizes only, so each practice list is spread over age band x sex x IMD quintile in proportion to the national 2014 population structure of the spend table; every practice therefore has the same mix, and local differences in need enter only through needIndex.',
    'Baseline PPPY of every line but the two primary medical care lines: Asaria (PSSRU Unit Costs 2017, A15) England 2014/15 spend per person by segment = (inpatient + outpatient + GP and prescribing columns, summed over the ages in the band) / population of the band. These three columns sum to GBP 91.97bn of the source headline GBP 97.89bn; the rest (secondary care not split by setting) is not in the baseline.',
    `Uplift ASSUMPTION: SPEND_UPLIFT_2014_15_TO_2025_26 = ${SPEND_UPLIFT_2014_15_TO_2025_26}, assumed cumulative growth of NHS spend per person from 2014/15 to 2025/26 (pay, prices and non-demographic activity); not a published index. Replace by scaling to local spend (B3 step 5).`,
    ...SPLIT_ASSUMPTIONS,
    ...primaryCareNotes(data),
    "needIndex: each practice's Final WP / pop 2022/23 relative to its ICB's (rounded) totals (capitation-method B4 i, §3.9), from shared/needIndex.",
    `Trajectory: cost uplift ${NHSPS_COST_UPLIFT_2025_26} is the published NHSPS 2025/26 uplift after the pay award, ASSUMED to hold in every later contract year; efficiency 2% a year ASSUMED (NHSPS-style efficiency factor); non-demographic growth 1.5% a year ASSUMED (long-run NHS activity growth above demography).`,
    `Population growth ${POPULATION_GROWTH * 100}% a year: ASSUMPTION (England's recent registered-list growth is of this order); no segment-specific ageing.`,
  ];
}

const share1 = (provider: string) => [{ provider, share: 1 }];

function line(
  data: ExampleData,
  id: string,
  providers: { provider: string; share: number }[],
  extra: object = {},
) {
  const l = data.lines.find((x) => x.id === id);
  if (!l) throw new Error(`unknown line ${id}`);
  return {
    id,
    name: l.name,
    category: l.category,
    providers,
    baselinePppy: l.baselinePppy,
    ...(l.practiceCostIndex ? { practiceCostIndex: l.practiceCostIndex } : {}),
    ...extra,
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const sumBudgets = (data: ExampleData, ids: string[]) => ids.reduce((a, id) => a + data.lineBudget(id), 0);

const HCD_CARVE_OUT = {
  carveOut: {
    kind: 'high_cost_low_frequency',
    reason: 'High-cost drugs and devices are paid at cost outside the budget (B6).',
  },
};
const SPECIALISED_CARVE_OUT = {
  carveOut: {
    kind: 'other',
    reason: 'Specialised services stay with NHS England commissioning (not delegated).',
  },
};

type Provider = ScenarioInput['providers'][number];

/** The four members every example has (GP federation, acute, community and mental health trusts); examples
 *  differ in names, the acute trust's payment and, where members share a gain by performance, their scores. */
function memberProviders(o: {
  gpFederation: string;
  acuteTrust: string;
  acutePayment: Provider['payment'];
  mhShare: number;
  performance?: Record<'gp_fed' | 'acute' | 'community' | 'mh', number>;
}): Provider[] {
  const member = (
    id: keyof NonNullable<typeof o.performance>,
    name: string,
    kind: Provider['kind'],
    payment: Provider['payment'],
  ): Provider => ({
    id,
    name,
    kind,
    payment,
    ...(o.performance ? { performance: o.performance[id] } : {}),
  });
  return [
    member('gp_fed', o.gpFederation, 'gp_federation', { type: 'capitated' }),
    member('acute', o.acuteTrust, 'acute_trust', o.acutePayment),
    member('community', 'Community health services trust', 'community_trust', { type: 'capitated' }),
    member('mh', 'Mental health trust', 'mental_health_trust', { type: 'block_share', share: o.mhShare }),
  ];
}

function icbName(rows: PracticeRow[], icb: string): string {
  return rows.find((r) => r.icbCode === icb)?.icbName ?? icb;
}

const virtual: ExampleSpec = {
  file: 'virtual-east-lindsey.json',
  icb: 'QJM',
  place: 'East Lindsey',
  neighbourhoods: 4,
  build(data, rows) {
    const inScope = [
      'core_gp',
      'other_primary',
      'prescribing',
      'elective',
      'non_elective',
      'maternity',
      'chc',
      'outpatients',
      'community',
      'mental_health',
      'urgent_care',
    ];
    const mhShare = round4(data.lineBudget('mental_health') / sumBudgets(data, inScope));
    const plannedSpells = Math.round(data.lineBudget('elective') / ELECTIVE_SPELL_PRICE);
    return {
      schemaVersion: 1,
      name: 'East Lindsey virtual PACS (alliance)',
      description:
        'A virtual PACS: the practices of East Lindsey (NHS Lincolnshire ICB) and their main providers stay on their own contracts under an alliance agreement; a shadow capitated budget is set for year-end multilateral gain/loss sharing.',
      contract: { form: 'virtual', years: YEARS, baseYear: '2025/26' },
      population: {
        segments: data.segments,
        neighbourhoods: data.neighbourhoods,
        practices: data.practices,
        growth: { rate: POPULATION_GROWTH },
      },
      providers: memberProviders({
        gpFederation: 'East Lindsey GP federation',
        acuteTrust: 'Acute hospital trust',
        acutePayment: {
          type: 'fixed_variable',
          variableRate: 1,
          unitPrice: ELECTIVE_SPELL_PRICE,
          plannedActivity: plannedSpells,
        },
        mhShare,
      }),
      serviceLines: [
        line(data, 'core_gp', share1('gp_fed')),
        line(data, 'other_primary', share1('gp_fed')),
        line(data, 'prescribing', share1('gp_fed')),
        line(data, 'elective', share1('acute')),
        line(data, 'non_elective', share1('acute')),
        line(data, 'specialised', share1('acute')),
        line(data, 'maternity', share1('acute')),
        line(data, 'chc', share1('community')),
        line(data, 'outpatients', share1('acute')),
        line(data, 'community', share1('community')),
        line(data, 'mental_health', share1('mh')),
        line(data, 'urgent_care', share1('acute')),
        line(data, 'hcd', share1('acute'), HCD_CARVE_OUT),
      ],
      need: { method: 'weighted_capitation', normalise: 'population' },
      convergence: { pace: 0.2 },
      trajectory: TRAJECTORY,
      distribution: { method: 'pro_rata_budget' },
      riskShare: { preset: 'nhs_symmetric_50_50' },
      notes: [
        ...commonNotes(data, this, icbName(rows, this.icb)),
        'Scope: the shadow budget covers every line except specialised services (out by default, B5) and high-cost drugs (carved out).',
        "need.normalise = population: in an alliance, need only moves money between the place's neighbourhoods; the shadow total stays at historical spend.",
        'Convergence pace 0.2: ASSUMPTION, one fifth of the remaining gap to the need-based target closed each year (NHS pace of change is historically slow, §3.8).',
        `Acute payment: API fixed + variable with the published 2025/26 variable rate 1.0 (elective activity at 100% of NHSPS unit prices, §3.6); unit price GBP ${ELECTIVE_SPELL_PRICE} per elective spell is an ASSUMPTION; planned activity = base-year elective budget / unit price.`,
        `Mental health trust: block share ${mhShare} = its base-year share of the in-scope shadow budget (a block contract expressed as a share).`,
        'Risk share: NHS symmetric 50/50 gain/loss share of the alliance result (Monitor multilateral gain/loss sharing, A8). Distribution pro rata to budget (NW London option).',
        'Provider names are generic: the roles and payment mechanisms are illustrative assumptions, not the contracts of real organisations.',
      ],
      tags: ['example', 'virtual', 'QJM'],
    };
  },
};

const partial: ExampleSpec = {
  file: 'partially-integrated-south-somerset.json',
  icb: 'QSL',
  place: 'South Somerset',
  neighbourhoods: 5,
  build(data, rows) {
    const inScope = [
      'other_primary',
      'prescribing',
      'elective',
      'non_elective',
      'maternity',
      'chc',
      'outpatients',
      'community',
      'mental_health',
      'urgent_care',
    ];
    const inScopeSpend = sumBudgets(data, inScope);
    const mhShare = round4(data.lineBudget('mental_health') / inScopeSpend);
    const deficit = Math.round((0.025 * inScopeSpend) / 10_000) * 10_000;
    const plannedSpells = Math.round(data.lineBudget('elective') / ELECTIVE_SPELL_PRICE);
    return {
      schemaVersion: 1,
      name: 'South Somerset partially integrated PACS',
      description:
        'A partially integrated PACS: one capitated budget for hospital, community, mental health, prescribing and non-core primary medical care (QOF, enhanced and local services) for the practices of South Somerset (NHS Somerset ICB); core GP contracts stay national (GMS/PMS).',
      contract: { form: 'partially_integrated', years: YEARS, baseYear: '2025/26' },
      population: {
        segments: data.segments,
        neighbourhoods: data.neighbourhoods,
        practices: data.practices,
        growth: { rate: POPULATION_GROWTH },
      },
      providers: memberProviders({
        gpFederation: 'South Somerset GP federation',
        acuteTrust: 'Acute hospital trust (lead provider)',
        acutePayment: {
          type: 'fixed_variable',
          variableRate: 0.75,
          unitPrice: ELECTIVE_SPELL_PRICE,
          plannedActivity: plannedSpells,
        },
        mhShare,
      }),
      serviceLines: [
        line(data, 'core_gp', share1('gp_fed')),
        line(data, 'other_primary', share1('gp_fed')),
        line(data, 'prescribing', share1('gp_fed')),
        line(data, 'elective', share1('acute')),
        line(data, 'non_elective', share1('acute')),
        line(data, 'specialised', share1('acute'), SPECIALISED_CARVE_OUT),
        line(data, 'maternity', share1('acute')),
        line(data, 'chc', share1('community')),
        line(data, 'outpatients', share1('acute')),
        line(data, 'community', [
          { provider: 'community', share: 0.9 },
          { provider: 'gp_fed', share: 0.1 },
        ]),
        line(data, 'mental_health', share1('mh')),
        line(data, 'urgent_care', [
          { provider: 'acute', share: 0.8 },
          { provider: 'gp_fed', share: 0.2 },
        ]),
        line(data, 'hcd', share1('acute'), HCD_CARVE_OUT),
      ],
      need: { method: 'weighted_capitation', normalise: 'none' },
      convergence: { alphaByYear: [0.2, 0.4, 0.6, 0.8, 1] },
      trajectory: { ...TRAJECTORY, deficit: { amount: deficit, recoveryYears: 3 } },
      outcomes: {
        withholdRate: 0.02,
        measures: [
          {
            id: 'ne_admissions',
            name: 'Emergency admissions per 1,000 registered (age-standardised)',
            weight: 0.4,
            expectedAttainment: 0.8,
          },
          {
            id: 'delayed_discharge',
            name: 'Delayed transfers of care bed days',
            weight: 0.3,
            expectedAttainment: 0.8,
          },
          {
            id: 'patient_experience',
            name: 'Patient experience of joined-up care',
            weight: 0.3,
            expectedAttainment: 0.8,
          },
        ],
        rule: { type: 'gate', threshold: 0.7 },
        unearnedTo: 'commissioner',
      },
      distribution: { method: 'pro_rata_budget' },
      riskShare: {
        preset: 'aca_1342',
        stopLoss: { specific: { attachment: 75_000, coinsurance: 0.8, limit: null }, aggregate: null },
      },
      notes: [
        ...commonNotes(data, this, icbName(rows, this.icb)),
        'Scope: core primary medical care is excluded by the partially integrated form (kept for the whole-population view); other primary medical care (QOF, enhanced and local services) is in the single budget, as the MCP contract framework allows for non-core GMS/PMS services (A6); specialised services and high-cost drugs are carved out.',
        'need.normalise = none: indices are relative to NHS Somerset ICB, so the PACS target can sit above or below historical spend; convergence alpha 0.2 a year to full need by year 5 (ASSUMPTION, a five-year glide path).',
        `Deficit ASSUMPTION: GBP ${deficit.toLocaleString('en-GB')} a year, 2.5% of base-year in-scope spend, recovered linearly over 3 years (B7); illustrative of a system in financial recovery.`,
        'Outcomes withhold 2% (the ACO REACH quality withhold level, U5), all-or-nothing gate at a score of 0.7; measures, weights and planned attainment 0.8 are ASSUMPTIONS.',
        `Acute payment: fixed + variable with variable rate 0.75 (the published 2022/23 API elective rate, §3.6), ASSUMED agreed locally to damp volume incentives inside the capitated budget; unit price GBP ${ELECTIVE_SPELL_PRICE} per elective spell is an ASSUMPTION.`,
        'Line splits between providers ASSUMED: 10% of community services and 20% of urgent care delivered by the GP federation (extended access, urgent treatment centre).',
        "Risk share: ACA section 1342 corridor (3% dead band, 50% to 8%, 80% beyond). Specific stop-loss ASSUMPTION: 80% of each patient's annual cost above GBP 75,000 recovered (provider excess commonly 80%, U14).",
        'Provider names are generic: the roles and payment mechanisms are illustrative assumptions, not the contracts of real organisations.',
      ],
      tags: ['example', 'partially_integrated', 'QSL'],
    };
  },
};

const full: ExampleSpec = {
  file: 'fully-integrated-tameside.json',
  icb: 'QOP',
  place: 'Tameside',
  neighbourhoods: 6,
  build(data, rows) {
    const inScope = [
      'core_gp',
      'other_primary',
      'prescribing',
      'elective',
      'non_elective',
      'maternity',
      'chc',
      'outpatients',
      'community',
      'mental_health',
      'urgent_care',
    ];
    const mhShare = round4(data.lineBudget('mental_health') / sumBudgets(data, inScope));
    return {
      schemaVersion: 1,
      name: 'Tameside fully integrated PACS',
      description:
        'A fully integrated PACS: one whole-population budget including core general practice for the practices of Tameside (NHS Greater Manchester ICB), with a Dudley-style 10% outcomes withhold.',
      contract: { form: 'fully_integrated', years: YEARS, baseYear: '2025/26' },
      population: {
        segments: data.segments,
        neighbourhoods: data.neighbourhoods,
        practices: data.practices,
        growth: { rate: POPULATION_GROWTH },
        unregisteredRate: 0.01,
      },
      providers: memberProviders({
        gpFederation: 'Tameside GP federation',
        acuteTrust: 'Acute hospital trust',
        acutePayment: { type: 'capitated' },
        mhShare,
        performance: { gp_fed: 0.9, acute: 0.8, community: 0.85, mh: 0.85 },
      }),
      serviceLines: [
        line(data, 'core_gp', share1('gp_fed')),
        line(data, 'other_primary', share1('gp_fed')),
        line(data, 'prescribing', share1('gp_fed')),
        line(data, 'elective', share1('acute')),
        line(data, 'non_elective', share1('acute')),
        line(data, 'specialised', share1('acute'), SPECIALISED_CARVE_OUT),
        line(data, 'maternity', share1('acute')),
        line(data, 'chc', share1('community')),
        line(data, 'outpatients', share1('acute')),
        line(data, 'community', share1('community')),
        line(data, 'mental_health', share1('mh')),
        line(data, 'urgent_care', share1('acute')),
        line(data, 'hcd', share1('acute'), HCD_CARVE_OUT),
      ],
      need: { method: 'weighted_capitation', normalise: 'none' },
      convergence: { pace: 0.25 },
      trajectory: TRAJECTORY,
      outcomes: {
        withholdRate: 0.1,
        measures: [
          {
            id: 'ne_admissions',
            name: 'Emergency admissions per 1,000 registered (age-standardised)',
            weight: 0.3,
            expectedAttainment: 0.85,
          },
          {
            id: 'ltc_control',
            name: 'Long-term conditions managed to target',
            weight: 0.3,
            expectedAttainment: 0.85,
          },
          {
            id: 'care_home_bed_days',
            name: 'Emergency bed days of care home residents',
            weight: 0.2,
            expectedAttainment: 0.85,
          },
          {
            id: 'patient_experience',
            name: 'Patient experience and satisfaction',
            weight: 0.2,
            expectedAttainment: 0.85,
          },
        ],
        rule: { type: 'linear' },
        unearnedTo: 'reinvestment',
      },
      distribution: { method: 'performance' },
      riskShare: { preset: 'ngaco_a', gainCapRate: 0.1, lossCapRate: 0.1 },
      notes: [
        ...commonNotes(data, this, icbName(rows, this.icb)),
        'Scope: one budget for all lines including core primary medical care (GP contracts suspended into the PACS contract, A6); specialised services and high-cost drugs are carved out.',
        'Unregistered residents: 1% of the registered list ASSUMED (MCP contract practice adds an estimate for unregistered patients, A4).',
        'need.normalise = none against NHS Greater Manchester ICB; convergence pace 0.25 a year ASSUMED.',
        'Outcomes withhold 10% as in the Dudley MCP consultation (A5); linear attainment; measures, weights and planned attainment 0.85 are ASSUMPTIONS; unearned withhold is reinvested in the system.',
        'Risk share: Next Generation ACO Arrangement A (80% sharing, cap first then share) with savings and losses capped at 10% of the benchmark, the middle of the 5-15% range (U6).',
        'Distribution by performance: provider performance scores 0.8-0.9 are ASSUMPTIONS for illustration.',
        'Provider names are generic: the roles and payment mechanisms are illustrative assumptions, not the contracts of real organisations.',
      ],
      tags: ['example', 'fully_integrated', 'QOP'],
    };
  },
};

export const EXAMPLES: ExampleSpec[] = [virtual, partial, full];

/** Builds every example scenario from the three data files (already read), keyed by output file name. */
export function buildExamples(
  rows: PracticeRow[],
  cells: SpendCell[],
  payments: ReadonlyMap<string, PaymentRow>,
): Map<string, ScenarioInput> {
  const out = new Map<string, ScenarioInput>();
  for (const spec of EXAMPLES) {
    const placeRows = rows.filter((r) => r.icbCode === spec.icb && r.text.LTLA21 === spec.place);
    if (placeRows.length === 0) throw new Error(`no practices for ${spec.place} in ${spec.icb}`);
    const groups = sectorNeighbourhoods(placeRows, spec.neighbourhoods, spec.place);
    const place = buildPlaceData(rows, cells, {
      icb: spec.icb,
      groups,
      bands: BROAD_BANDS,
      rules: STANDARD_LINES,
    });
    const data = withPaymentLines(place, placeRows, payments, GP_PAYMENTS_UPLIFT_2022_23_TO_2025_26);
    out.set(spec.file, spec.build(data, rows));
  }
  return out;
}

/** Pretty-printed JSON with a final newline: the exact bytes written to examples/. */
export function serialiseExample(scenario: ScenarioInput): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}
