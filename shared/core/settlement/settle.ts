import { calculate } from '../engine/index.ts';
import { earnedShare, outcomeScore } from '../engine/index.ts';
import { DomainError } from '../base/index.ts';
import type { Step } from '../base/index.ts';
import { resolveRiskShare } from '../presets/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { parseWith } from '../scenario/index.ts';
import { Actual, type ActualInput } from './actual.ts';
import { applyCorridor } from './corridor.ts';
import { memberWeights } from './memberWeights.ts';
import type { Settlement, SettlementContext } from './settlementTypes.ts';
import { stopLossRecovery } from './stopLoss.ts';

/** Everything about contract year `year` that settlement needs, computed once. */
export function prepareSettlement(scenario: Scenario, year: number): SettlementContext {
  if (!Number.isInteger(year) || year < 1 || year > scenario.contract.years)
    throw new DomainError(
      'year',
      `must be a contract year from 1 to ${scenario.contract.years}, got ${year}`,
    );
  const y = calculate(scenario).years[year]!;
  const byId = new Map(scenario.providers.map((p) => [p.id, p]));
  return {
    year,
    benchmark: y.contractValue,
    personYears: y.personYears,
    riskShare: resolveRiskShare(scenario.riskShare),
    outcomes: scenario.outcomes ?? null,
    distribution: scenario.distribution,
    members: y.providers.map((p) => ({
      provider: p.provider,
      budget: p.plannedPayment,
      payment: byId.get(p.provider)!.payment,
      performance: byId.get(p.provider)!.performance,
    })),
  };
}

/** Year-end reconciliation (B6, B8, B9, B10): stop-loss, withhold, corridor, and the split between providers,
 *  commissioner and members. Sign convention: positive = gain to the party. */
export function settleWith(ctx: SettlementContext, actual: Actual): Settlement {
  const B = ctx.benchmark;
  const X = actual.spend;
  const spec = ctx.riskShare;
  const stopLoss = stopLossRecovery(spec.stopLoss, B, X, actual.highCostPatients);

  const withhold = ctx.outcomes
    ? (() => {
        const o = ctx.outcomes;
        const score = outcomeScore(o, actual.measureAttainment);
        const share = earnedShare(o.rule, score);
        const withheld = o.withholdRate * B;
        const earned = withheld * share;
        return {
          withheld,
          score,
          earnedShare: share,
          earned,
          unearned: withheld - earned,
          unearnedTo: o.unearnedTo,
        };
      })()
    : null;
  const quality = actual.quality ?? withhold?.score ?? 1;

  const corridor = applyCorridor({
    spec,
    benchmark: B,
    spend: X - stopLoss.total,
    personYears: ctx.personYears,
    quality,
    ...(actual.revenue === undefined ? {} : { revenue: actual.revenue }),
  });

  const grossResult = B - X;
  const unearned = withhold?.unearned ?? 0;
  const providerShare = corridor.providerShare - unearned;
  const reinvestment = withhold?.unearnedTo === 'reinvestment' ? unearned : 0;
  const commissionerShare = grossResult - providerShare - reinvestment;

  const weights = memberWeights(ctx.distribution, ctx.members);
  const members = ctx.members.map((m, k) => {
    const variableAdjustment =
      m.payment.type === 'fixed_variable' && actual.activity[m.provider] !== undefined
        ? m.payment.variableRate *
          m.payment.unitPrice *
          (actual.activity[m.provider]! - m.payment.plannedActivity)
        : 0;
    return {
      provider: m.provider,
      weight: weights[k]!,
      share: weights[k]! * providerShare,
      plannedPayment: m.budget,
      variableAdjustment,
    };
  });

  const trail: Step[] = [
    {
      figure: 'settle.grossResult',
      rule: 'B10',
      formula: 'G = B - X (benchmark minus actual in-scope spend; positive = saving)',
      inputs: { benchmark: B, spend: X },
      value: grossResult,
      unit: 'GBP',
    },
    {
      figure: 'settle.stopLoss',
      rule: 'B6',
      formula:
        'specific: c x min(max(0, C_i - A), limit) per patient; aggregate: c_a x max(0, X - R_spec - A_agg x B)',
      inputs: {
        specific: stopLoss.specific,
        aggregate: stopLoss.aggregate,
        patients: stopLoss.patientsAboveAttachment,
      },
      value: stopLoss.total,
      unit: 'GBP',
    },
    {
      figure: 'settle.corridor.providerShare',
      rule: 'B10',
      formula: `${spec.label}: bands on |x| after the threshold (${corridor.threshold}), ${spec.order.replaceAll('_', ' ')}`,
      inputs: {
        discountedBenchmark: corridor.discountedBenchmark,
        resultRate: corridor.resultRate,
        thresholdMet: corridor.thresholdMet,
        capBinding: corridor.capBinding,
      },
      value: corridor.providerShare,
      unit: 'GBP',
    },
  ];
  if (withhold)
    trail.push({
      figure: 'settle.withhold.earned',
      rule: 'B8',
      formula: `E = W x f(score), rule ${ctx.outcomes!.rule.type}`,
      inputs: { withheld: withhold.withheld, score: withhold.score, earnedShare: withhold.earnedShare },
      value: withhold.earned,
      unit: 'GBP',
    });
  trail.push(
    {
      figure: 'settle.providerShare',
      rule: 'B8, B10',
      formula: 'corridor share - unearned withhold',
      inputs: { corridor: corridor.providerShare, unearnedWithhold: unearned },
      value: providerShare,
      unit: 'GBP',
    },
    {
      figure: 'settle.commissionerShare',
      rule: 'B10',
      formula: 'G - provider share - reinvestment (includes stop-loss it funds and withhold it keeps)',
      inputs: { grossResult, providerShare, reinvestment },
      value: commissionerShare,
      unit: 'GBP',
    },
  );

  return {
    year: ctx.year,
    benchmark: B,
    spend: X,
    grossResult,
    stopLoss,
    corridor,
    providerShare,
    commissionerShare,
    reinvestment,
    withhold,
    members,
    trail,
  };
}

/** settle(scenario, year, actual): the reconciliation of one contract year. */
export function settle(scenario: Scenario, year: number, actual: ActualInput): Settlement {
  return settleWith(prepareSettlement(scenario, year), parseWith(Actual, actual, 'actual'));
}
