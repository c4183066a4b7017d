import { type CalculationResult, calculate, outcomeScore } from '../engine/index.ts';
import type { Step } from '../base/index.ts';
import { resolveRiskShare } from '../presets/index.ts';
import { type Scenario, checkYear, parseWith } from '../scenario/index.ts';
import { Actual, type ActualInput } from './actual.ts';
import { memberWeights } from './memberWeights.ts';
import type { Settlement, SettlementContext } from './settlementTypes.ts';
import { specificRecovery } from './stopLoss.ts';
import { memberShare, settleYearEnd } from './yearEnd.ts';

/** Everything about contract year `year` that settlement needs, from the scenario's calculation (the caller's:
 *  a scenario version is calculated once). */
export function prepareSettlement(
  scenario: Scenario,
  year: number,
  calculation: CalculationResult,
): SettlementContext {
  checkYear(scenario, year, 'contract');
  const y = calculation.years[year]!;
  const byId = new Map(scenario.providers.map((p) => [p.id, p]));
  const members = y.providers.map((p) => ({
    provider: p.provider,
    budget: p.plannedPayment,
    payment: byId.get(p.provider)!.payment,
    performance: byId.get(p.provider)!.performance,
  }));
  return {
    year,
    benchmark: y.contractValue,
    personYears: y.personYears,
    riskShare: resolveRiskShare(scenario.riskShare),
    outcomes: scenario.outcomes ?? null,
    distribution: scenario.distribution,
    members,
    memberWeights: memberWeights(scenario.distribution, members),
  };
}

/** Year-end reconciliation (B6, B8, B9, B10) through the settlement kernel (yearEnd.ts), with the explanation trail
 *  and each member's share. Sign convention: positive = gain to the party. */
export function settleWith(ctx: SettlementContext, actual: Actual): Settlement {
  const B = ctx.benchmark;
  const X = actual.spend;
  const spec = ctx.riskShare;
  const o = ctx.outcomes;
  const { specific, patientsAboveAttachment } = specificRecovery(spec.stopLoss, actual.highCostPatients);
  const score = o === null ? 1 : outcomeScore(o, actual.measureAttainment);
  const r = settleYearEnd(ctx, {
    spend: X,
    specific,
    score,
    quality: actual.quality,
    revenue: actual.revenue,
  });
  const stopLoss = {
    specific,
    aggregate: r.aggregate,
    total: specific + r.aggregate,
    patientsAboveAttachment,
  };
  const w = r.withhold;
  const withhold =
    o === null || w === null
      ? null
      : {
          withheld: w.withheld,
          score,
          earnedShare: w.earnedShare,
          earned: w.earned,
          unearned: w.unearned,
          unearnedTo: o.unearnedTo,
        };
  const { corridor, grossResult, providerShare, reinvestment, commissionerShare } = r;
  const unearned = withhold?.unearned ?? 0;

  const members = ctx.members.map((m, k) => {
    const variableAdjustment =
      m.payment.type === 'fixed_variable' && actual.activity[m.provider] !== undefined
        ? m.payment.variableRate *
          m.payment.unitPrice *
          (actual.activity[m.provider]! - m.payment.plannedActivity)
        : 0;
    const weight = ctx.memberWeights[k]!;
    return {
      provider: m.provider,
      weight,
      share: memberShare(weight, providerShare),
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
  return settleWith(
    prepareSettlement(scenario, year, calculate(scenario)),
    parseWith(Actual, actual, 'actual'),
  );
}
