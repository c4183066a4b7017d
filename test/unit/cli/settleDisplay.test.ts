import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSettlement } from '../../../cli/commands/settle.ts';
import { roundPartsTo } from '../../../shared/core/base/money.ts';
import { RISK_SHARE_PRESETS, resolveRiskShare } from '../../../shared/core/presets/riskSharePresets.ts';
import { Actual } from '../../../shared/core/settlement/actual.ts';
import { memberWeights } from '../../../shared/core/settlement/memberWeights.ts';
import { settleWith } from '../../../shared/core/settlement/settle.ts';
import type { SettlementContext } from '../../../shared/core/settlement/settlementTypes.ts';
import { runCli, tempFile } from '../../support/runCli.ts';

// Issue 9, points 11 and 12: what `pacs settle` shows. Parts add up to their totals as displayed (largest remainder,
// to the penny): the members' shares to the providers' total, the providers' two parts to their total, the parties
// to the gross result. Unearned withhold is a loss to the providers, shown as one, under "positive = gain".

/** "-£1,234.56" -> -123456 (pence). */
const pence = (s: string) => {
  const m = /^(-?)£([\d,]+)\.(\d\d)$/.exec(s.trim());
  if (!m) throw new Error(`not an amount in pence: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replaceAll(',', '')) * 100 + Number(m[3]));
};
/** The amount on the row whose label starts with `label`. */
const row = (text: string, label: string) => {
  const line = text.split('\n').find((l) => l.startsWith(label));
  if (!line) throw new Error(`no row "${label}" in:\n${text}`);
  const amount = /-?£[\d,]+\.\d\d/.exec(line.slice(label.length));
  if (!amount) throw new Error(`no amount on "${line}"`);
  return pence(amount[0]);
};
/** The members table's "share of result" column, one amount per member (the total row excluded). */
const memberShares = (text: string, members: number) =>
  text
    .split(/\nMembers[^\n]*\n/)[1]!
    .split('\n')
    .slice(2, 2 + members)
    .map((l) => pence(/-?£[\d,]+\.\d\d/.exec(l)![0]));

const settlementArb = fc
  .record({
    benchmark: fc.double({ min: 1e5, max: 5e9, noNaN: true }),
    overrun: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    preset: fc.constantFrom(...RISK_SHARE_PRESETS.map((p) => p.id)),
    budgets: fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 7 }),
    method: fc.constantFrom('equal', 'pro_rata_budget'),
    withholdRate: fc.constantFrom(0, 0.01, 0.025, 0.1),
    attainment: fc.double({ min: 0, max: 1, noNaN: true }),
    unearnedTo: fc.constantFrom('commissioner', 'reinvestment'),
  })
  .map((g) => {
    const members = g.budgets.map((budget, k) => ({
      provider: `m${k}`,
      budget,
      payment: { type: 'capitated' as const },
    }));
    const distribution = { method: g.method } as SettlementContext['distribution'];
    const ctx: SettlementContext = {
      year: 1,
      benchmark: g.benchmark,
      personYears: 50_000,
      riskShare: resolveRiskShare({ preset: g.preset }),
      outcomes:
        g.withholdRate === 0
          ? null
          : {
              withholdRate: g.withholdRate,
              measures: [{ id: 'm', name: 'M', weight: 1, expectedAttainment: 1 }],
              rule: { type: 'linear' },
              unearnedTo: g.unearnedTo as 'commissioner' | 'reinvestment',
            },
      distribution,
      members,
      memberWeights: memberWeights(distribution, members),
    };
    const actual = Actual.parse({
      spend: Math.round(g.benchmark * (1 + g.overrun) * 100) / 100,
      measureAttainment: { m: g.attainment },
    });
    return settleWith(ctx, actual);
  });

describe('issue 9 point 11: displayed parts add up to displayed totals', () => {
  it('members to the providers total, providers parts to it, parties to the gross result, over random settlements', () => {
    fc.assert(
      fc.property(settlementArb, (s) => {
        const text = renderSettlement(s);
        const providers = row(text, 'providers: total');
        const shares = memberShares(text, s.members.length);
        expect(shares.reduce((a, v) => a + v, 0)).toBe(providers);
        expect(row(text, 'all members')).toBe(providers);
        expect(row(text, 'providers: corridor share') + row(text, 'providers: unearned withhold')).toBe(
          providers,
        );
        expect(providers + row(text, 'commissioner: total') + row(text, 'reinvestment pot')).toBe(
          row(text, 'total (= gross result)'),
        );
        expect(row(text, 'total (= gross result)')).toBe(row(text, 'gross result'));
        // Largest remainder moves a part by less than a penny from its own rounding.
        s.members.forEach((m, k) => expect(Math.abs(shares[k]! - m.share * 100)).toBeLessThan(1));
      }),
      { numRuns: 300, seed: 9_011 },
    );
  });

  it('the examples: the member shares that were a penny off now add up', async () => {
    for (const [file, actual] of [
      ['examples/fully-integrated-tameside.json', '200000000'],
      ['examples/virtual-east-lindsey.json', '123456789.37'],
      ['examples/partially-integrated-south-somerset.json', '300000001.99'],
    ] as const) {
      const r = await runCli(['settle', file, '--year', '1', '--actual', actual]);
      expect(r.code).toBe(0);
      const json = await runCli(['settle', file, '--year', '1', '--actual', actual, '--json']);
      const members = JSON.parse(json.stdout).members.length;
      expect(
        memberShares(r.stdout, members).reduce((a, v) => a + v, 0),
        file,
      ).toBe(row(r.stdout, 'providers: total'));
    }
  });
});

describe('issue 9 point 12: unearned withhold is a loss to the providers, and shown as one', () => {
  it('under "positive = gain to the party" it is negative, and the providers parts add up', async () => {
    // Tameside withholds 10% of its contract value for outcomes; planned attainment 0.85 earns 85% of it back.
    const actuals = tempFile('a.json', { spend: 200_000_000, measureAttainment: {} });
    const json = await runCli([
      'settle',
      'examples/fully-integrated-tameside.json',
      '--year',
      '1',
      '--json',
      '--actuals',
      actuals,
    ]);
    const s = JSON.parse(json.stdout);
    expect(s.withhold.unearned).toBeGreaterThan(0); // the settlement's field: an amount withheld, not a gain
    expect(s.providerShare).toBeCloseTo(s.corridor.providerShare - s.withhold.unearned, 6);
    const text = (
      await runCli(['settle', 'examples/fully-integrated-tameside.json', '--year', '1', '--actuals', actuals])
    ).stdout;
    expect(text).toMatch(/positive = gain to the party/);
    const unearned = row(text, 'providers: unearned withhold');
    expect(unearned).toBeLessThanOrEqual(0);
    expect(unearned).toBe(-Math.round(s.withhold.unearned * 100));
    expect(row(text, 'providers: corridor share') + unearned).toBe(row(text, 'providers: total'));
    // The amounts withheld and earned back are listed as amounts, beside the other figures.
    expect(row(text, 'withheld for outcomes')).toBe(Math.round(s.withhold.withheld * 100));
  });
});

describe('issue 9 point 11: largest remainder to a displayed total (shared/core/base/money.ts)', () => {
  it.each([
    // Thirds of £1: floors 33p each leave 1p, to the first of three equal remainders.
    [[1 / 3, 1 / 3, 1 / 3], 1, [0.34, 0.33, 0.33]],
    // Thirds of a £1 loss: floors -34p each pass -£1 by 2p, given back to the two first equal remainders.
    [[-1 / 3, -1 / 3, -1 / 3], -1, [-0.33, -0.33, -0.34]],
    // 2/3 and 1/3 of £10.01: 667.33p and 333.67p; floors 667 + 333 = 1000, 1p to the larger remainder (0.67).
    [[10.01 * (2 / 3), 10.01 / 3], 10.01, [6.67, 3.34]],
    // A total displayed from its own rounding: 0.6p + 0.6p shown as 1p.
    [[0.006, 0.006], 0.01, [0.01, 0]],
  ])('%j to %d', (parts, total, expected) => {
    expect(roundPartsTo(parts, total, 2)).toEqual(expected);
  });

  it('refuses parts that do not add up to the total (a bug, not rounding)', () => {
    expect(() => roundPartsTo([1, 2], 10, 2)).toThrow(/cannot be shown as 10/);
  });
});
