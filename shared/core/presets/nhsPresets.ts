import { flat, type RiskSharePreset } from './presetTypes.ts';

/* NHS designs: the full-capitation baseline and simple symmetric shares (capitation-method.md A2, B7, B9, §3.6). */

export const NHS_PRESETS: readonly RiskSharePreset[] = [
  {
    id: 'full_capitation',
    title: 'Full capitation (no risk share)',
    source: 'capitation-method.md A2 and B7 ("capitation alone puts 100% of demand risk on the provider")',
    confidence: 'published',
    notes: 'Providers keep every gain and bear every loss: the baseline the other presets are compared with.',
    spec: { label: 'full_capitation', gain: { bands: flat(1) }, loss: { bands: flat(1) } },
  },
  {
    id: 'nhs_symmetric_50_50',
    title: 'NHS symmetric 50/50 gain/loss share',
    source:
      'capitation-method.md B10 and §3.7 (Monitor multilateral gain/loss sharing, A8; NW London toolkit, A9)',
    confidence: 'derived',
    notes:
      'Providers keep 50% of any gain and bear 50% of any loss; no threshold, no cap. An illustrative design.',
    spec: { label: 'nhs_symmetric_50_50', gain: { bands: flat(0.5) }, loss: { bands: flat(0.5) } },
  },
  {
    id: 'nhs_api_blended',
    title: 'NHS 2019/20 blended payment (20% variable) as a gain/loss share',
    source: 'capitation-method.md §3.6 and B9 (NHS Payment Scheme variable rates, A12, A13; U15)',
    confidence: 'derived',
    notes:
      'Blended payment pays a fixed element plus 20% of unit price for activity above or below plan. Assumption ' +
      '(equivalence): the cost variance is driven by activity priced at the unit price, so each unit above plan ' +
      'costs the provider the price and earns 20% of it; providers therefore bear 80% of a cost overrun and keep ' +
      '80% of an underrun. Not equivalent when cost per unit differs from the price or variance is not activity.',
    spec: { label: 'nhs_api_blended', gain: { bands: flat(0.8) }, loss: { bands: flat(0.8) } },
  },
];
