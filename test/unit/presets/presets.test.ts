import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../../shared/core/base/errors.ts';
import { listPresets, resolveRiskShare } from '../../../shared/core/presets/riskSharePresets.ts';
import { RiskShareSpec } from '../../../shared/core/scenario/riskShare.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { applyCorridor } from '../../../shared/core/settlement/corridor.ts';

/* Hand-worked examples, one block per preset, from the published rule in capitation-method.md §3.
 * B = 10,000,000; N = 20,000 person-years, so the MSSP MSR/MLR is 2.5% (low end of the 20,000-49,999 row). */
const B = 10_000_000;
const N = 20_000;

function share(preset: string, spend: number, extra: { quality?: number; revenue?: number } = {}): number {
  return applyCorridor({ spec: resolveRiskShare({ preset }), benchmark: B, spend, personYears: N, ...extra })
    .providerShare;
}

describe('full_capitation', () => {
  it('providers keep every gain and bear every loss', () => {
    expect(share('full_capitation', 9_000_000)).toBeCloseTo(1_000_000, 4); // 100% of 1,000,000
    expect(share('full_capitation', 11_500_000)).toBeCloseTo(-1_500_000, 4); // 100% of -1,500,000
  });
});

describe.each(['mssp_basic_a', 'mssp_basic_b'])('%s (one-sided, 40%, cap 10%)', (id) => {
  it('nothing below the 2.5% MSR', () => {
    expect(share(id, 9_800_000)).toBe(0); // x = 2% < 2.5%
  });
  it('first dollar at 40% once the MSR is met', () => {
    expect(share(id, 9_700_000)).toBeCloseTo(120_000, 4); // 0.4 x 3% x 10M
    expect(share(id, 8_500_000)).toBeCloseTo(600_000, 4); // 0.4 x 15% x 10M = 6% < 10%
  });
  it('performance payment limit 10% of the benchmark', () => {
    expect(share(id, 7_000_000)).toBeCloseTo(1_000_000, 4); // 0.4 x 30% = 12% -> 10% x 10M
  });
  it('no shared losses', () => {
    expect(share(id, 12_000_000)).toBe(0);
  });
});

describe('mssp_basic_c (50% / 30%, loss limit min(2% revenue, 1% B))', () => {
  it('gains: 50% first dollar, cap 10%', () => {
    expect(share('mssp_basic_c', 9_700_000)).toBeCloseTo(150_000, 4); // 0.5 x 3% x 10M
    expect(share('mssp_basic_c', 7_500_000)).toBeCloseTo(1_000_000, 4); // 0.5 x 25% = 12.5% -> 10%
  });
  it('losses: nothing below the 2.5% MLR, then 30% first dollar, limited', () => {
    expect(share('mssp_basic_c', 10_200_000)).toBe(0); // x = -2% above -2.5%
    expect(share('mssp_basic_c', 10_300_000)).toBeCloseTo(-90_000, 4); // 0.3 x 300,000 < 1% x 10M
    expect(share('mssp_basic_c', 10_300_000, { revenue: 4_000_000 })).toBeCloseTo(-80_000, 4); // 2% x 4M
    expect(share('mssp_basic_c', 10_500_000)).toBeCloseTo(-100_000, 4); // 0.3 x 500,000 = 150,000 -> 1% x 10M
  });
});

describe('mssp_basic_d (loss limit min(4% revenue, 2% B))', () => {
  it('losses', () => {
    expect(share('mssp_basic_d', 10_500_000)).toBeCloseTo(-150_000, 4); // 0.3 x 500,000 < 200,000
    expect(share('mssp_basic_d', 10_500_000, { revenue: 3_000_000 })).toBeCloseTo(-120_000, 4); // 4% x 3M
    expect(share('mssp_basic_d', 11_000_000)).toBeCloseTo(-200_000, 4); // 0.3 x 1M = 300,000 -> 2% x 10M
  });
  it('gains as level C', () => {
    expect(share('mssp_basic_d', 9_000_000)).toBeCloseTo(500_000, 4); // 0.5 x 1M
  });
});

describe('mssp_basic_e (loss limit min(8% revenue, 4% B))', () => {
  it('losses', () => {
    expect(share('mssp_basic_e', 11_000_000)).toBeCloseTo(-300_000, 4); // 0.3 x 1M < 400,000
    expect(share('mssp_basic_e', 11_000_000, { revenue: 2_500_000 })).toBeCloseTo(-200_000, 4); // 8% x 2.5M
    expect(share('mssp_basic_e', 12_000_000)).toBeCloseTo(-400_000, 4); // 0.3 x 2M = 600,000 -> 4% x 10M
  });
});

describe('mssp_enhanced (75%, cap 20%; loss clamp(1 - 0.75Q, 0.40, 0.75), cap 15%)', () => {
  it('gains', () => {
    expect(share('mssp_enhanced', 9_000_000)).toBeCloseTo(750_000, 4); // 0.75 x 1M
    expect(share('mssp_enhanced', 7_000_000)).toBeCloseTo(2_000_000, 4); // 0.75 x 3M = 2.25M -> 20% x 10M
  });
  it('losses by quality', () => {
    expect(share('mssp_enhanced', 11_000_000, { quality: 1 })).toBeCloseTo(-400_000, 4); // 0.25 -> 0.40
    expect(share('mssp_enhanced', 11_000_000, { quality: 0.5 })).toBeCloseTo(-625_000, 4); // 1 - 0.375
    expect(share('mssp_enhanced', 12_500_000, { quality: 0 })).toBeCloseTo(-1_500_000, 4); // 0.75 x 2.5M -> 15%
  });
});

describe('reach_global (discount 3.5%; 100/50/25/10% over 25/35/50%)', () => {
  // B' = 10M x 0.965 = 9,650,000
  it('gain inside the first corridor is kept in full', () => {
    expect(share('reach_global', 9_000_000)).toBeCloseTo(650_000, 4); // 9.65M - 9M, x = 6.7% < 25%
  });
  it('gain across three bands', () => {
    // G' = 3,650,000. 25% x 9.65M = 2,412,500 at 100%; 10% x 9.65M = 965,000 at 50% = 482,500;
    // rest 3,650,000 - 3,377,500 = 272,500 at 25% = 68,125. Total 2,963,125.
    expect(share('reach_global', 6_000_000)).toBeCloseTo(2_963_125, 4);
  });
  it('losses across all four bands', () => {
    expect(share('reach_global', 12_000_000)).toBeCloseTo(-2_350_000, 4); // x = -24.4%, 100%
    // G' = -5,350,000: 2,412,500 + 482,500 + 15% x 9.65M = 1,447,500 x 25% = 361,875
    // + (5,350,000 - 4,825,000) = 525,000 x 10% = 52,500 -> 3,309,375
    expect(share('reach_global', 15_000_000)).toBeCloseTo(-3_309_375, 4);
  });
});

describe('reach_professional (50/35/15/5% over 5/10/15%)', () => {
  it('gain of 12%: 5% x 50% + 5% x 35% + 2% x 15% = 4.55% of B', () => {
    expect(share('reach_professional', 8_800_000)).toBeCloseTo(455_000, 4);
  });
  it('loss of 20%: 2.5% + 1.75% + 0.75% + 5% x 5% = 5.25% of B', () => {
    expect(share('reach_professional', 12_000_000)).toBeCloseTo(-525_000, 4);
  });
});

describe('ngaco_a (80%, cap 15% first, then share; 2% sequestration on gains)', () => {
  it('gain under the cap: 0.8 x 1M = 800,000, less 2% = 784,000', () => {
    expect(share('ngaco_a', 9_000_000)).toBeCloseTo(784_000, 4);
  });
  it('gain over the cap: 20% -> 15%, 0.8 x 1.5M = 1.2M, less 2% = 1,176,000', () => {
    expect(share('ngaco_a', 8_000_000)).toBeCloseTo(1_176_000, 4);
  });
  it('loss over the cap, owed in full: -0.8 x 1.5M', () => {
    expect(share('ngaco_a', 12_000_000)).toBeCloseTo(-1_200_000, 4);
  });
  it('participant cap 5%: 10% saving -> 5%, 0.8 x 500,000 = 400,000, less 2% = 392,000', () => {
    const spec = resolveRiskShare({ preset: 'ngaco_a', gainCapRate: 0.05 });
    expect(applyCorridor({ spec, benchmark: B, spend: 9_000_000, personYears: N }).providerShare).toBeCloseTo(
      392_000,
      4,
    );
  });
});

describe('ngaco_b (100%)', () => {
  it('gain 1M less 2% = 980,000; loss of 20% capped at 15% = -1.5M', () => {
    expect(share('ngaco_b', 9_000_000)).toBeCloseTo(980_000, 4);
    expect(share('ngaco_b', 12_000_000)).toBeCloseTo(-1_500_000, 4);
  });
});

describe('aca_1342 (statute §3.4)', () => {
  it('d = 10%: government pays 0.5 x 0.05T + 0.8 x 0.02T = 0.041T, plan bears 0.059T', () => {
    expect(share('aca_1342', 11_000_000)).toBeCloseTo(-590_000, 4);
  });
  it('d = 5%: government pays 0.5 x 0.02T = 0.01T, plan bears 0.04T', () => {
    expect(share('aca_1342', 10_500_000)).toBeCloseTo(-400_000, 4);
  });
  it('d = -5% (mirror side): plan pays 0.01T to the government, keeps 0.04T', () => {
    expect(share('aca_1342', 9_500_000)).toBeCloseTo(400_000, 4);
  });
  it('inside the 3% dead band the plan bears it all', () => {
    expect(share('aca_1342', 10_200_000)).toBeCloseTo(-200_000, 4);
  });
});

describe('part_d_corridor ([R] 5% / 10%)', () => {
  it('d = 12%: government pays 0.5 x 0.05T + 0.8 x 0.02T = 0.041T, plan bears 0.079T', () => {
    expect(share('part_d_corridor', 11_200_000)).toBeCloseTo(-790_000, 4);
  });
  it('is tagged as recalled', () => {
    expect(listPresets().find((p) => p.id === 'part_d_corridor')!.confidence).toBe('recalled');
  });
});

describe('nhs_symmetric_50_50', () => {
  it('half of any gain or loss', () => {
    expect(share('nhs_symmetric_50_50', 9_400_000)).toBeCloseTo(300_000, 4);
    expect(share('nhs_symmetric_50_50', 10_600_000)).toBeCloseTo(-300_000, 4);
  });
});

describe('nhs_api_blended (20% variable rate)', () => {
  it('matches the blended payment when the variance is activity at unit price', () => {
    // Plan 10,000 units at 1,000 = 10M. Actual 10,500 units cost 10.5M; the variable element pays
    // 20% x 1,000 x 500 = 100,000; provider result 10M + 100,000 - 10.5M = -400,000 = 80% of -500,000.
    expect(share('nhs_api_blended', 10_500_000)).toBeCloseTo(-400_000, 4);
    // 9,500 units: payment 10M - 100,000, cost 9.5M -> +400,000
    expect(share('nhs_api_blended', 9_500_000)).toBeCloseTo(400_000, 4);
  });
});

describe('resolveRiskShare', () => {
  it('applies the participant choices from the reference', () => {
    const spec = resolveRiskShare({
      preset: 'ngaco_b',
      gainCapRate: 0.05,
      lossCapRate: 0.1,
      stopLoss: { specific: { attachment: 50_000, coinsurance: 0.9, limit: null }, aggregate: null },
    });
    expect(spec.gain.capRate).toBe(0.05);
    expect(spec.loss.capRate).toBe(0.1);
    expect(spec.gain.haircut).toBe(0.02); // the rest of the preset is kept
    expect(spec.stopLoss.specific?.attachment).toBe(50_000);
    expect(spec.label).toBe('ngaco_b');
  });

  it('does not let one resolution change the preset for the next', () => {
    resolveRiskShare({ preset: 'mssp_basic_c', lossCapRate: 0.5 });
    expect(resolveRiskShare({ preset: 'mssp_basic_c' }).loss.capRate).toBe(0.01);
  });

  it('passes a full specification through', () => {
    const spec = parseWith(RiskShareSpec, {
      gain: { bands: [{ upTo: null, providerRate: 0.3 }] },
      loss: { bands: [{ upTo: null, providerRate: 0.3 }] },
    });
    expect(resolveRiskShare(spec)).toBe(spec);
  });

  it('names the known presets when the reference is unknown', () => {
    try {
      resolveRiskShare({ preset: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).field).toBe('riskShare.preset');
      expect((e as DomainError).message).toContain(
        'unknown preset "nope"; known: full_capitation, mssp_basic_a',
      );
    }
  });

  it('rejects bands that do not rise or leave the top open', () => {
    const bad = parseWith(RiskShareSpec, {
      gain: {
        bands: [
          { upTo: 0.1, providerRate: 1 },
          { upTo: 0.05, providerRate: 0.5 },
          { upTo: null, providerRate: 0.2 },
        ],
      },
      loss: { bands: [{ upTo: 0.1, providerRate: 1 }] },
    });
    try {
      resolveRiskShare(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems.map((p) => p.field)).toEqual([
        'riskShare.gain.bands[1].upTo',
        'riskShare.loss.bands[0].upTo',
      ]);
    }
  });
});

describe('listPresets', () => {
  const all = listPresets();
  it('lists every preset once, each parsed and sourced', () => {
    expect(all.map((p) => p.id)).toEqual([
      'full_capitation',
      'mssp_basic_a',
      'mssp_basic_b',
      'mssp_basic_c',
      'mssp_basic_d',
      'mssp_basic_e',
      'mssp_enhanced',
      'reach_global',
      'reach_professional',
      'ngaco_a',
      'ngaco_b',
      'aca_1342',
      'part_d_corridor',
      'nhs_symmetric_50_50',
      'nhs_api_blended',
    ]);
    for (const p of all) {
      expect(p.source).toMatch(/capitation-method\.md §|capitation-method\.md [AB]\d/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.notes.length).toBeGreaterThan(0);
      expect(p.spec.label).toBe(p.id);
    }
  });
});
