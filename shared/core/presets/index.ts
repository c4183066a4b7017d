/** Gain/loss sharing presets from published programmes, as plain data with their sources. */

export { listPresets, resolveRiskShare } from './riskSharePresets.ts';
