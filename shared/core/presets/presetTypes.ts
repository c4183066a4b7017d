import type { RiskShareInput } from '../scenario/index.ts';

/** How far a preset's numbers can be trusted (capitation-method.md confidence tags). */
export type PresetConfidence = 'published' | 'derived' | 'recalled';

/** A programme's risk-share rules as plain data (capitation-method.md §3: "preset = data"). */
export interface RiskSharePreset {
  id: string;
  title: string;
  /** Section of capitation-method.md and the regulation or guidance behind the numbers. */
  source: string;
  confidence: PresetConfidence;
  /** Assumptions, simplifications and choices left to the participant. */
  notes: string;
  spec: RiskShareInput;
}

/** One band covering everything: the provider keeps (gain) or bears (loss) `rate` of all of it. */
export function flat(rate: number): RiskShareInput['gain']['bands'] {
  return [{ upTo: null, providerRate: rate }];
}
