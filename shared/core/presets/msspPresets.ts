import type { RiskShareInput } from '../scenario/index.ts';
import { flat, type RiskSharePreset } from './presetTypes.ts';

/* Medicare Shared Savings Program (capitation-method.md §3.1; 42 CFR 425.604-425.610).
 * Savings and losses are shared first dollar once |x| reaches the MSR/MLR; the sharing rate is applied, then the
 * performance payment limit / loss limit (share_then_cap). */

const MSSP_THRESHOLD = { threshold: { type: 'mssp_table' }, thresholdMode: 'first_dollar' } as const;

const BASIC_SOURCE =
  'capitation-method.md §3.1 and B10; 42 CFR 425.605 (BASIC track), MSR table 425.604(b) [R]';
const COMMON_NOTES =
  'MSR/MLR from the 425.604(b) table by person-years (3.9% below 5,000). Two-sided ACOs may instead elect a ' +
  'fixed MSR/MLR of 0% or 0.5-2.0% (change threshold to {type: "fixed"}). Not modelled: the half-rate for ' +
  'low-revenue ACOs below the MSR; the quality performance standard gate (quality enters only where stated).';

function oneSided(level: 'a' | 'b'): RiskSharePreset {
  const spec: RiskShareInput = {
    label: `mssp_basic_${level}`,
    order: 'share_then_cap',
    gain: { ...MSSP_THRESHOLD, bands: flat(0.4), capRate: 0.1 },
    // One-sided: no shared losses (loss rate 0).
    loss: { bands: flat(0) },
  };
  return {
    id: `mssp_basic_${level}`,
    title: `MSSP BASIC level ${level.toUpperCase()} (one-sided)`,
    source: BASIC_SOURCE,
    confidence: 'published',
    notes: `40% of savings, first dollar, limited to 10% of the benchmark; no shared losses. ${COMMON_NOTES}`,
    spec,
  };
}

/** Levels C-E: 30% of losses, limited to min(revenueRate x revenue, benchmarkRate x benchmark). */
function twoSided(level: 'c' | 'd' | 'e', revenueRate: number, benchmarkRate: number): RiskSharePreset {
  const spec: RiskShareInput = {
    label: `mssp_basic_${level}`,
    order: 'share_then_cap',
    gain: { ...MSSP_THRESHOLD, bands: flat(0.5), capRate: 0.1 },
    loss: { ...MSSP_THRESHOLD, bands: flat(0.3), capRate: benchmarkRate, revenueCapRate: revenueRate },
  };
  const pct = (r: number) => `${Math.round(r * 100)}%`;
  return {
    id: `mssp_basic_${level}`,
    title: `MSSP BASIC level ${level.toUpperCase()} (two-sided)`,
    source: BASIC_SOURCE,
    confidence: 'published',
    notes:
      `50% of savings limited to 10% of the benchmark; 30% of losses limited to ${pct(revenueRate)} of ACO ` +
      `participant revenue, capped at ${pct(benchmarkRate)} of the benchmark (revenue limit applies only when ` +
      `revenue is supplied at settlement). ${COMMON_NOTES}`,
    spec,
  };
}

const enhanced: RiskSharePreset = {
  id: 'mssp_enhanced',
  title: 'MSSP ENHANCED track',
  source: 'capitation-method.md §3.1 and B10.5; 42 CFR 425.610, quality 425.512, MSR table 425.604(b) [R]',
  confidence: 'published',
  notes:
    '75% of savings limited to 20% of the benchmark; losses at clamp(1 - 0.75 x quality, 0.40, 0.75) ' +
    '(quality 0 gives 75%, the rate for an ACO meeting neither quality standard), limited to 15% of the ' +
    `benchmark. ${COMMON_NOTES}`,
  spec: {
    label: 'mssp_enhanced',
    order: 'share_then_cap',
    gain: { ...MSSP_THRESHOLD, bands: flat(0.75), capRate: 0.2 },
    loss: {
      ...MSSP_THRESHOLD,
      bands: flat(0.75),
      capRate: 0.15,
      qualityLinkedRate: { base: 1, slope: 0.75, min: 0.4, max: 0.75 },
    },
  },
};

export const MSSP_PRESETS: readonly RiskSharePreset[] = [
  oneSided('a'),
  oneSided('b'),
  twoSided('c', 0.02, 0.01),
  twoSided('d', 0.04, 0.02),
  twoSided('e', 0.08, 0.04),
  enhanced,
];
