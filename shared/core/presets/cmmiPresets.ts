import { flat, type RiskSharePreset } from './presetTypes.ts';

/* CMS Innovation Center models: ACO REACH (capitation-method.md §3.2) and Next Generation ACO (§3.3). */

const reachGlobalBands = [
  { upTo: 0.25, providerRate: 1 },
  { upTo: 0.35, providerRate: 0.5 },
  { upTo: 0.5, providerRate: 0.25 },
  { upTo: null, providerRate: 0.1 },
];

const reachProfessionalBands = [
  { upTo: 0.05, providerRate: 0.5 },
  { upTo: 0.1, providerRate: 0.35 },
  { upTo: 0.15, providerRate: 0.15 },
  { upTo: null, providerRate: 0.05 },
];

const REACH_SOURCE =
  'capitation-method.md §3.2 and B10.2; CMMI ACO REACH PY2024 Financial Operating Guide (U5)';

function ngaco(arrangement: 'a' | 'b', rate: number): RiskSharePreset {
  const pct = `${Math.round(rate * 100)}%`;
  return {
    id: `ngaco_${arrangement}`,
    title: `Next Generation ACO, Risk Arrangement ${arrangement.toUpperCase()} (${pct})`,
    source:
      'capitation-method.md §3.3 and B10.4; NGACO participation agreement, CMS NGACO 2017 financial methodology (U6)',
    confidence: 'published',
    notes:
      `${pct} sharing of savings and losses. The gross result is capped first (default 15% of the benchmark; the ` +
      'ACO chooses 5-15%: set gainCapRate / lossCapRate on the preset reference), then shared. Sequestration ' +
      '(2%) reduces shared savings only. No minimum savings/loss rate; the NGACO benchmark discount is not modelled.',
    spec: {
      label: `ngaco_${arrangement}`,
      order: 'cap_then_share',
      gain: { bands: flat(rate), capRate: 0.15, haircut: 0.02 },
      loss: { bands: flat(rate), capRate: 0.15 },
    },
  };
}

export const CMMI_PRESETS: readonly RiskSharePreset[] = [
  {
    id: 'reach_global',
    title: 'ACO REACH Global (PY2025-26)',
    source: REACH_SOURCE,
    confidence: 'published',
    notes:
      'Benchmark discounted 3.5% before the result is computed; provider keeps/bears 100% of |x| below 25%, 50% ' +
      'for 25-35%, 25% for 35-50%, 10% beyond, marginally, both sides. PY2026 narrows the first corridor to 10% ' +
      '(other PY2026 bands unpublished in the sources: edit the bands). Quality withhold is separate (B8).',
    spec: {
      label: 'reach_global',
      discount: 0.035,
      gain: { bands: reachGlobalBands },
      loss: { bands: reachGlobalBands },
    },
  },
  {
    id: 'reach_professional',
    title: 'ACO REACH Professional',
    source: REACH_SOURCE,
    confidence: 'published',
    notes:
      'Provider keeps/bears 50% of |x| below 5%, 35% for 5-10%, 15% for 10-15%, 5% beyond, marginally, both ' +
      'sides. No discount (the discount is a Global option feature).',
    spec: {
      label: 'reach_professional',
      gain: { bands: reachProfessionalBands },
      loss: { bands: reachProfessionalBands },
    },
  },
  ngaco('a', 0.8),
  ngaco('b', 1),
];
