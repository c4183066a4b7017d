import { DomainError, type FieldProblem, ValidationError } from '../base/index.ts';
import { type RiskShare, RiskShareSpec } from '../scenario/index.ts';
import { parseWith } from '../scenario/index.ts';
import { CMMI_PRESETS } from './cmmiPresets.ts';
import { CORRIDOR_PRESETS } from './corridorPresets.ts';
import { MSSP_PRESETS } from './msspPresets.ts';
import { NHS_PRESETS } from './nhsPresets.ts';
import type { RiskSharePreset } from './presetTypes.ts';

export type { PresetConfidence, RiskSharePreset } from './presetTypes.ts';

/** Every preset, in the order `pacs presets` shows them (baseline first). */
export const RISK_SHARE_PRESETS: readonly RiskSharePreset[] = [
  NHS_PRESETS[0]!,
  ...MSSP_PRESETS,
  ...CMMI_PRESETS,
  ...CORRIDOR_PRESETS,
  ...NHS_PRESETS.slice(1),
];

const BY_ID: ReadonlyMap<string, RiskSharePreset> = new Map(RISK_SHARE_PRESETS.map((p) => [p.id, p]));

/** A preset with its specification parsed (schema defaults filled in). */
export interface PresetListing extends Omit<RiskSharePreset, 'spec'> {
  spec: RiskShareSpec;
}

export function listPresets(): PresetListing[] {
  return RISK_SHARE_PRESETS.map((p) => ({ ...p, spec: parseWith(RiskShareSpec, p.spec, `presets.${p.id}`) }));
}

/** Cross-field rules the schema cannot express: bands rise strictly and only the last is open (the corridor
 *  arithmetic assumes it); a quality-linked rate range is not inverted. */
export function checkRiskShareSpec(spec: RiskShareSpec, prefix = 'riskShare'): void {
  const problems: FieldProblem[] = [];
  for (const side of ['gain', 'loss'] as const) {
    const bands = spec[side].bands;
    let prev = 0;
    bands.forEach((b, j) => {
      const field = `${prefix}.${side}.bands[${j}].upTo`;
      const last = j === bands.length - 1;
      if (b.upTo === null && !last)
        problems.push({ field, message: 'only the last band may be open (null)' });
      if (b.upTo !== null && last) problems.push({ field, message: 'the last band must be open (null)' });
      if (b.upTo !== null && b.upTo <= prev)
        problems.push({ field, message: `must be greater than the previous bound ${prev}` });
      if (b.upTo !== null) prev = b.upTo;
    });
  }
  const q = spec.loss.qualityLinkedRate;
  if (q !== null && q.min > q.max)
    problems.push({ field: `${prefix}.loss.qualityLinkedRate.min`, message: `must not exceed max ${q.max}` });
  if (problems.length > 0) throw new ValidationError(problems);
}

/** A scenario's riskShare as a full specification: a preset reference is looked up and the participant's choices
 *  (gainCapRate, lossCapRate, stopLoss) replace the preset's values; a full specification passes through. */
export function resolveRiskShare(ref: RiskShare): RiskShareSpec {
  if (!('preset' in ref)) {
    checkRiskShareSpec(ref);
    return ref;
  }
  const preset = BY_ID.get(ref.preset);
  if (preset === undefined)
    throw new DomainError(
      'riskShare.preset',
      `unknown preset "${ref.preset}"; known: ${RISK_SHARE_PRESETS.map((p) => p.id).join(', ')}`,
    );
  const base = preset.spec;
  const spec = parseWith(
    RiskShareSpec,
    {
      ...base,
      gain: ref.gainCapRate === undefined ? base.gain : { ...base.gain, capRate: ref.gainCapRate },
      loss: ref.lossCapRate === undefined ? base.loss : { ...base.loss, capRate: ref.lossCapRate },
      ...(ref.stopLoss === undefined ? {} : { stopLoss: ref.stopLoss }),
    },
    'riskShare',
  );
  checkRiskShareSpec(spec);
  return spec;
}
