import { listPresets, resolveRiskShare } from '../../../../shared/core/presets/index.ts';
import type { RiskShare } from '../../../../shared/core/scenario/index.ts';
import { type SettlementContext, settleYearEnd } from '../../../../shared/core/settlement/index.ts';

/** One point of the gain/loss curve: spend `variance` above (+) or below (-) the budget, and what each party
 *  gains (+) or loses (-), all as shares of the budget. */
export interface CurvePoint {
  variance: number;
  providers: number;
  commissioner: number;
  capBinding: boolean;
}

/** A nominal budget: every figure is returned as a share of it (the corridor scales with the budget; only the
 *  MSSP population table and revenue limits do not, and neither needs the amount). */
const BUDGET = 100_000_000;

/** Each party's share against the variance from budget, from the engine's own settlement kernel (stop-loss,
 *  corridor, caps, haircut, split) at each point: nothing is recomputed here. Excludes the outcomes withhold and
 *  per-patient stop-loss, which depend on figures only the year-end has. `personYears` feeds population-based
 *  thresholds (MSSP table). Throws the core's ValidationError or DomainError for an unusable specification. */
export function corridorCurve(
  riskShare: RiskShare,
  personYears: number,
  range: { from: number; to: number; step: number } = { from: -0.2, to: 0.2, step: 0.01 },
): CurvePoint[] {
  const ctx: SettlementContext = {
    year: 1,
    benchmark: BUDGET,
    personYears: Math.max(1, personYears),
    riskShare: resolveRiskShare(riskShare),
    outcomes: null,
    distribution: { method: 'equal' },
    members: [],
    memberWeights: [],
  };
  const points: CurvePoint[] = [];
  const n = Math.round((range.to - range.from) / range.step);
  for (let i = 0; i <= n; i++) {
    const variance = Number((range.from + i * range.step).toFixed(6));
    const y = settleYearEnd(ctx, { spend: BUDGET * (1 + variance), specific: 0, score: 1 });
    points.push({
      variance,
      providers: y.providerShare / BUDGET,
      commissioner: y.commissionerShare / BUDGET,
      capBinding: y.corridor.capBinding,
    });
  }
  return points;
}

export interface PresetOption {
  id: string;
  title: string;
  source: string;
  confidence: string;
  notes: string;
}

/** The published presets, for the corridor editor's choice. */
export function presetOptions(): PresetOption[] {
  return listPresets().map((p) => ({
    id: p.id,
    title: p.title,
    source: p.source,
    confidence: p.confidence,
    notes: p.notes,
  }));
}

/** A preset's full specification, to start a custom corridor from it. */
export function presetSpec(id: string) {
  const p = listPresets().find((x) => x.id === id);
  if (!p) throw new Error(`unknown preset ${id}`);
  return p.spec;
}
