import type { AttainmentRule, Outcomes } from '../scenario/index.ts';

/** Weighted outcome score: sum of weight x attainment (weights sum to 1), attainment per measure 0-1. */
export function outcomeScore(outcomes: Outcomes, attainment: Readonly<Record<string, number>> = {}): number {
  let score = 0;
  for (const m of outcomes.measures) score += m.weight * (attainment[m.id] ?? m.expectedAttainment);
  return Math.min(1, Math.max(0, score));
}

/** Share f of the withhold earned for a score (B8). */
export function earnedShare(rule: AttainmentRule, score: number): number {
  switch (rule.type) {
    case 'linear':
      return score;
    case 'gate':
      return score >= rule.threshold ? 1 : 0;
    case 'scaled':
      return rule.maxRate * score;
    case 'tiered': {
      let earned = 0;
      let best = -1;
      for (const tier of rule.tiers)
        if (tier.minScore <= score && tier.minScore >= best) {
          best = tier.minScore;
          earned = tier.earned;
        }
      return earned;
    }
  }
}

/** The outcomes-linked withhold of a year (B8), GBP: W = withhold rate x contract value, of which E = W x f(score)
 *  is earned and W - E is not. The planned budget (expected score) and every settlement use this one rule. */
export interface WithholdAmounts {
  withheld: number;
  earnedShare: number;
  earned: number;
  unearned: number;
}

/** `out`, when given, is overwritten and returned (the Monte Carlo path allocates nothing). */
export function withholdFor(
  outcomes: Pick<Outcomes, 'withholdRate' | 'rule'>,
  contractValue: number,
  score: number,
  out: WithholdAmounts = { withheld: 0, earnedShare: 0, earned: 0, unearned: 0 },
): WithholdAmounts {
  const withheld = outcomes.withholdRate * contractValue;
  const share = earnedShare(outcomes.rule, score);
  const earned = withheld * share;
  out.withheld = withheld;
  out.earnedShare = share;
  out.earned = earned;
  out.unearned = withheld - earned;
  return out;
}
