import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/core/base/errors.ts';
import { type RiskShareInput, RiskShareSpec } from '../../../shared/core/scenario/riskShare.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { applyCorridor } from '../../../shared/core/settlement/corridor.ts';
import type { CorridorInput } from '../../../shared/core/settlement/corridorTypes.ts';

const B = 1_000_000;
const spec = (input: RiskShareInput) => parseWith(RiskShareSpec, input);
const flat = (rate: number) => [{ upTo: null, providerRate: rate }];

/** applyCorridor with the test's benchmark by default. */
function run(input: Omit<CorridorInput, 'benchmark'> & { benchmark?: number }) {
  return applyCorridor({ benchmark: B, ...input });
}

describe('threshold: first dollar vs net', () => {
  const make = (mode: 'first_dollar' | 'net') =>
    spec({
      gain: { threshold: { type: 'fixed', rate: 0.02 }, thresholdMode: mode, bands: flat(0.5) },
      loss: { bands: flat(0.5) },
    });

  it('first dollar: once x >= t the share applies to all of x', () => {
    // spend 970,000: x = 30,000 / 1,000,000 = 3% >= 2%; p = 1,000,000 x 0.5 x 0.03 = 15,000
    const r = run({ spec: make('first_dollar'), spend: 970_000, personYears: 1 });
    expect(r.side).toBe('gain');
    expect(r.threshold).toBe(0.02);
    expect(r.thresholdMet).toBe(true);
    expect(r.providerShare).toBeCloseTo(15_000, 6);
  });

  it('net: the share applies only to |x| - t', () => {
    // e = 3% - 2% = 1%; p = 1,000,000 x 0.5 x 0.01 = 5,000
    const r = run({ spec: make('net'), spend: 970_000, personYears: 1 });
    expect(r.providerShare).toBeCloseTo(5_000, 6);
    expect(r.bands[0]).toMatchObject({ from: 0, to: null, providerRate: 0.5 });
    expect(r.bands[0]!.resultInBand).toBeCloseTo(10_000, 6); // 1% of 1,000,000 above the dead band
  });

  it('exactly at the threshold: first dollar pays on all of it, net pays nothing', () => {
    // x = 20,000 / 1,000,000 = 2% = t. first dollar: 0.5 x 20,000 = 10,000; net: e = 0
    expect(run({ spec: make('first_dollar'), spend: 980_000, personYears: 1 }).providerShare).toBeCloseTo(
      10_000,
      6,
    );
    const net = run({ spec: make('net'), spend: 980_000, personYears: 1 });
    expect(net.providerShare).toBe(0);
    expect(net.thresholdMet).toBe(false);
  });

  it('below the threshold nothing is shared in either mode', () => {
    // x = 1% < 2%
    for (const mode of ['first_dollar', 'net'] as const) {
      const r = run({ spec: make(mode), spend: 990_000, personYears: 1 });
      expect(r.providerShare).toBe(0);
      expect(r.thresholdMet).toBe(false);
      expect(r.bands[0]!.providerAmount).toBe(0);
    }
  });
});

describe('tiered bands (marginal)', () => {
  const tiers = [
    { upTo: 0.03, providerRate: 1 },
    { upTo: 0.08, providerRate: 0.5 },
    { upTo: null, providerRate: 0.2 },
  ];

  it('loss of 10%: 3% x 100% + 5% x 50% + 2% x 20% = 5.9% of B, signed negative', () => {
    const r = run({
      spec: spec({ gain: { bands: tiers }, loss: { bands: tiers } }),
      spend: 1_100_000,
      personYears: 1,
    });
    expect(r.side).toBe('loss');
    expect(r.resultRate).toBeCloseTo(-0.1, 12);
    expect(r.bands.map((b) => b.resultInBand)).toEqual([
      expect.closeTo(-30_000, 6), // 3% of 1,000,000
      expect.closeTo(-50_000, 6), // 8% - 3%
      expect.closeTo(-20_000, 6), // 10% - 8%
    ]);
    expect(r.bands.map((b) => b.providerAmount)).toEqual([
      expect.closeTo(-30_000, 6), // 100% of 30,000
      expect.closeTo(-25_000, 6), // 50% of 50,000
      expect.closeTo(-4_000, 6), // 20% of 20,000
    ]);
    expect(r.providerBeforeCap).toBeCloseTo(-59_000, 6);
    expect(r.providerShare).toBeCloseTo(-59_000, 6);
    expect(r.cap).toBeNull();
    expect(r.capBinding).toBe(false);
  });

  it('no result: side none, nothing shared', () => {
    const r = run({
      spec: spec({ gain: { bands: tiers }, loss: { bands: tiers } }),
      spend: B,
      personYears: 1,
    });
    expect(r.side).toBe('none');
    expect(r.providerShare).toBe(0);
    expect(r.thresholdMet).toBe(false);
  });
});

describe('caps and their order', () => {
  it('share then cap (MSSP): 50% of a 30% saving = 15% of B, limited to 10% of B', () => {
    const s = spec({ gain: { bands: flat(0.5), capRate: 0.1 }, loss: { bands: flat(0.5) } });
    // x = 30%; before = 0.5 x 300,000 = 150,000; cap = 0.10 x 1,000,000 = 100,000
    const r = run({ spec: s, spend: 700_000, personYears: 1 });
    expect(r.providerBeforeCap).toBeCloseTo(150_000, 6);
    expect(r.cap).toBeCloseTo(100_000, 6);
    expect(r.capBinding).toBe(true);
    expect(r.providerShare).toBeCloseTo(100_000, 6);
  });

  it('cap then share (NGACO): the 30% saving is capped at 10% first, then 50% shared = 5% of B', () => {
    const s = spec({
      order: 'cap_then_share',
      gain: { bands: flat(0.5), capRate: 0.1 },
      loss: { bands: flat(0.5) },
    });
    // e' = min(0.30, 0.10) = 0.10; p = 1,000,000 x 0.5 x 0.10 = 50,000; cap in GBP = what 10% produces = 50,000
    const r = run({ spec: s, spend: 700_000, personYears: 1 });
    expect(r.providerBeforeCap).toBeCloseTo(150_000, 6); // uncapped sharing 0.5 x 300,000
    expect(r.cap).toBeCloseTo(50_000, 6);
    expect(r.capBinding).toBe(true);
    expect(r.providerShare).toBeCloseTo(50_000, 6);
  });

  it('cap then share with tiers: cap at 10% of B, then 5% x 100% + 5% x 50% = 7.5% of B', () => {
    const bands = [
      { upTo: 0.05, providerRate: 1 },
      { upTo: null, providerRate: 0.5 },
    ];
    const s = spec({ order: 'cap_then_share', gain: { bands, capRate: 0.1 }, loss: { bands } });
    const r = run({ spec: s, spend: 700_000, personYears: 1 });
    expect(r.providerShare).toBeCloseTo(75_000, 6);
    expect(r.cap).toBeCloseTo(75_000, 6);
  });

  it('cap not reached: no binding', () => {
    const s = spec({ gain: { bands: flat(0.5), capRate: 0.1 }, loss: { bands: flat(0.5), capRate: 0.1 } });
    // loss x = -5%: 0.5 x 50,000 = 25,000 < cap 100,000
    const r = run({ spec: s, spend: 1_050_000, personYears: 1 });
    expect(r.providerShare).toBeCloseTo(-25_000, 6);
    expect(r.cap).toBeCloseTo(100_000, 6);
    expect(r.capBinding).toBe(false);
  });
});

describe('haircut (sequestration) on gains only', () => {
  const s = spec({
    order: 'cap_then_share',
    gain: { bands: flat(0.8), capRate: 0.15, haircut: 0.02 },
    loss: { bands: flat(0.8), capRate: 0.15 },
  });

  it('gain: 80% of a 10% saving = 80,000, less 2% = 78,400', () => {
    const r = run({ spec: s, spend: 900_000, personYears: 1 });
    expect(r.haircut).toBeCloseTo(1_600, 6); // 0.02 x 80,000
    expect(r.providerShare).toBeCloseTo(78_400, 6);
  });

  it('loss: 20% loss capped at 15%, 80% borne = 120,000 owed in full', () => {
    const r = run({ spec: s, spend: 1_200_000, personYears: 1 });
    expect(r.haircut).toBe(0);
    expect(r.providerShare).toBeCloseTo(-120_000, 6); // 0.8 x 0.15 x 1,000,000
  });
});

describe('discount on the benchmark before x', () => {
  const s = spec({ discount: 0.035, gain: { bands: flat(1) }, loss: { bands: flat(1) } });

  it("B' = 1,000,000 x 0.965 = 965,000; spend 900,000 gives a gain of 65,000", () => {
    const r = run({ spec: s, spend: 900_000, personYears: 1 });
    expect(r.discountedBenchmark).toBeCloseTo(965_000, 6);
    expect(r.resultRate).toBeCloseTo(65_000 / 965_000, 12);
    expect(r.providerShare).toBeCloseTo(65_000, 6);
  });

  it('spend equal to the undiscounted benchmark is a loss of 35,000', () => {
    expect(run({ spec: s, spend: B, personYears: 1 }).providerShare).toBeCloseTo(-35_000, 6);
  });
});

describe('quality links', () => {
  const enhancedLoss = spec({
    gain: { bands: flat(0.75) },
    loss: {
      bands: flat(0.75),
      capRate: 0.15,
      qualityLinkedRate: { base: 1, slope: 0.75, min: 0.4, max: 0.75 },
    },
  });

  it('loss rate clamp(1 - 0.75Q, 0.40, 0.75) on a 10% loss', () => {
    // Q = 1: 1 - 0.75 = 0.25 -> floor 0.40 -> 40,000
    expect(
      run({ spec: enhancedLoss, spend: 1_100_000, personYears: 1, quality: 1 }).providerShare,
    ).toBeCloseTo(-40_000, 6);
    // Q = 0.6: 1 - 0.45 = 0.55 -> 55,000
    const mid = run({ spec: enhancedLoss, spend: 1_100_000, personYears: 1, quality: 0.6 });
    expect(mid.providerShare).toBeCloseTo(-55_000, 6);
    expect(mid.bands[0]!.providerRate).toBeCloseTo(0.55, 12);
    // Q = 0: 1 -> ceiling 0.75 -> 75,000
    expect(
      run({ spec: enhancedLoss, spend: 1_100_000, personYears: 1, quality: 0 }).providerShare,
    ).toBeCloseTo(-75_000, 6);
  });

  it('default quality is 1', () => {
    expect(run({ spec: enhancedLoss, spend: 1_100_000, personYears: 1 }).providerShare).toBeCloseTo(
      -40_000,
      6,
    );
  });

  it('loss cap 15%: Q = 0 on a 30% loss: 0.75 x 30% = 22.5% -> 15% = 150,000', () => {
    const r = run({ spec: enhancedLoss, spend: 1_300_000, personYears: 1, quality: 0 });
    expect(r.providerShare).toBeCloseTo(-150_000, 6);
    expect(r.capBinding).toBe(true);
  });

  it('gain scaled by quality: 50% x 0.8 = 40% of a 10% saving = 40,000', () => {
    const s = spec({ gain: { bands: flat(0.5), scaleByQuality: true }, loss: { bands: flat(0.5) } });
    expect(run({ spec: s, spend: 900_000, personYears: 1, quality: 0.8 }).providerShare).toBeCloseTo(
      40_000,
      6,
    );
    // quality does not touch the loss side here: 50% of 100,000
    expect(run({ spec: s, spend: 1_100_000, personYears: 1, quality: 0.8 }).providerShare).toBeCloseTo(
      -50_000,
      6,
    );
  });
});

describe('revenue-based loss limit (MSSP BASIC)', () => {
  const s = spec({
    gain: { bands: flat(0.5) },
    loss: { bands: flat(0.3), capRate: 0.01, revenueCapRate: 0.02 },
  });

  it('30% of a 10% loss = 30,000, limited to min(2% x revenue, 1% x B)', () => {
    // revenue 300,000: min(6,000, 10,000) = 6,000
    const r = run({ spec: s, spend: 1_100_000, personYears: 1, revenue: 300_000 });
    expect(r.providerBeforeCap).toBeCloseTo(-30_000, 6);
    expect(r.cap).toBeCloseTo(6_000, 6);
    expect(r.providerShare).toBeCloseTo(-6_000, 6);
    // revenue 800,000: min(16,000, 10,000) = 10,000
    expect(run({ spec: s, spend: 1_100_000, personYears: 1, revenue: 800_000 }).providerShare).toBeCloseTo(
      -10_000,
      6,
    );
  });

  it('without revenue only the benchmark limit applies', () => {
    const r = run({ spec: s, spend: 1_100_000, personYears: 1 });
    expect(r.cap).toBeCloseTo(10_000, 6);
    expect(r.providerShare).toBeCloseTo(-10_000, 6);
  });
});

describe('population thresholds reach the corridor', () => {
  it('mssp_table at 20,000 person-years: MSR 2.5%; a 2.4% saving earns nothing, 2.6% earns on all of it', () => {
    const s = spec({
      gain: { threshold: { type: 'mssp_table' }, thresholdMode: 'first_dollar', bands: flat(0.4) },
      loss: { bands: flat(0) },
    });
    expect(run({ spec: s, spend: 976_000, personYears: 20_000 }).providerShare).toBe(0);
    // 0.4 x 26,000 = 10,400
    const r = run({ spec: s, spend: 974_000, personYears: 20_000 });
    expect(r.threshold).toBeCloseTo(0.025, 12);
    expect(r.providerShare).toBeCloseTo(10_400, 6);
  });

  it('one-sided (loss rate 0) gives exactly +0 on a loss', () => {
    const s = spec({ gain: { bands: flat(0.4) }, loss: { bands: flat(0) } });
    expect(Object.is(run({ spec: s, spend: 1_500_000, personYears: 1 }).providerShare, 0)).toBe(true);
  });
});

describe('input checks', () => {
  const s = spec({ gain: { bands: flat(1) }, loss: { bands: flat(1) } });
  it('rejects a non-positive benchmark and a non-finite spend', () => {
    expect(() => applyCorridor({ spec: s, benchmark: 0, spend: 1, personYears: 1 })).toThrow(DomainError);
    expect(() => applyCorridor({ spec: s, benchmark: B, spend: Number.NaN, personYears: 1 })).toThrow(
      DomainError,
    );
  });
});
