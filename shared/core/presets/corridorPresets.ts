import type { RiskShareInput } from '../scenario/index.ts';
import type { RiskSharePreset } from './presetTypes.ts';

/* Symmetric tiered risk corridors (capitation-method.md §3.4). The statute states what the government pays; the
 * provider (plan) bears the rest, so the provider rate in each band is 1 - government share:
 * |d| <= t1: 100%; t1..t2: 50%; beyond t2: 20%. Check (ACA, d = 10%): government pays
 * 0.5 x 0.05T + 0.8 x 0.02T = 0.041T, plan bears 0.10T - 0.041T = 0.059T = 0.03T + 0.5 x 0.05T + 0.2 x 0.02T. */

function tiered(t1: number, t2: number): RiskShareInput['gain']['bands'] {
  return [
    { upTo: t1, providerRate: 1 },
    { upTo: t2, providerRate: 0.5 },
    { upTo: null, providerRate: 0.2 },
  ];
}

export const CORRIDOR_PRESETS: readonly RiskSharePreset[] = [
  {
    id: 'aca_1342',
    title: 'ACA section 1342 risk corridor',
    source: 'capitation-method.md §3.4; ACA §1342 (Pub. L. 111-148, 124 Stat. 212), 45 CFR 153.510 (U9)',
    confidence: 'published',
    notes:
      'Target T = benchmark, d = |x|. Provider retains 100% of the result within 3%, 50% of 3-8%, 20% beyond 8%, ' +
      'gains and losses alike (statute side [P], mirror side [R]). Allowable costs vs target, not premium.',
    spec: { label: 'aca_1342', gain: { bands: tiered(0.03, 0.08) }, loss: { bands: tiered(0.03, 0.08) } },
  },
  {
    id: 'part_d_corridor',
    title: 'Medicare Part D risk corridor (recalled thresholds)',
    source: 'capitation-method.md §3.4; 42 CFR 423.336 (U10) [P structure, R values]',
    confidence: 'recalled',
    notes:
      'Same shape as ACA §1342 with thresholds 5% / 10% and government shares 50% / 80% [R]: provider retains ' +
      '100% within 5%, 50% of 5-10%, 20% beyond. Verify the values against 42 CFR 423.336 before relying on them.',
    spec: {
      label: 'part_d_corridor',
      gain: { bands: tiered(0.05, 0.1) },
      loss: { bands: tiered(0.05, 0.1) },
    },
  },
];
