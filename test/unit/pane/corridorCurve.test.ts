// The corridor editor's curve comes from the engine's settlement kernel; these figures are worked by hand from
// the published rules (docs/presets.md, capitation-method.md B10, section 3).
import { describe, expect, it } from 'vitest';
import { corridorCurve, presetOptions } from '../../../addin/src/pane/core/corridorCurve.ts';

const at = (curve: ReturnType<typeof corridorCurve>, v: number) => {
  const p = curve.find((x) => Math.abs(x.variance - v) < 1e-9);
  if (!p) throw new Error(`no point at ${v}`);
  return p;
};
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 10);

describe('gain/loss curve by spend variance (shares of budget; + = gain)', () => {
  it('NHS symmetric 50/50: each party takes half of any result', () => {
    const c = corridorCurve({ preset: 'nhs_symmetric_50_50' }, 50_000);
    close(at(c, 0.1).providers, -0.05);
    close(at(c, 0.1).commissioner, -0.05);
    close(at(c, -0.04).providers, 0.02);
    close(at(c, 0).providers, 0);
  });

  it('ACA section 1342: 100% to 3%, 50% to 8%, 20% beyond, both ways', () => {
    const c = corridorCurve({ preset: 'aca_1342' }, 50_000);
    // 10% under budget: 3% + 0.5 x 5% + 0.2 x 2% = 5.9% kept; the other 4.1% is the commissioner's.
    close(at(c, -0.1).providers, 0.059);
    close(at(c, -0.1).commissioner, 0.041);
    close(at(c, 0.1).providers, -0.059);
    close(at(c, 0.02).providers, -0.02);
  });

  it('MSSP BASIC A: one-sided, 40% of all savings once they reach the minimum savings rate', () => {
    // 100,000 person-years: the MSSP table's floor, 2.0%.
    const c = corridorCurve({ preset: 'mssp_basic_a' }, 100_000);
    close(at(c, -0.01).providers, 0); // below the 2% MSR
    close(at(c, -0.05).providers, 0.4 * 0.05); // first dollar
    close(at(c, -0.05).commissioner, 0.05 - 0.02);
    close(at(c, 0.1).providers, 0); // no downside
    close(at(c, 0.1).commissioner, -0.1);
  });

  it('NGACO B: the result is capped at 15% first, then shared at 100%, less 2% sequestration on gains', () => {
    const c = corridorCurve({ preset: 'ngaco_b' }, 50_000);
    close(at(c, -0.2).providers, 0.15 * 0.98);
    expect(at(c, -0.2).capBinding).toBe(true);
    close(at(c, -0.2).commissioner, 0.2 - 0.147);
    close(at(c, 0.2).providers, -0.15);
    expect(at(c, -0.1).capBinding).toBe(false);
  });

  it("the participant's cap choice replaces the preset's", () => {
    const c = corridorCurve({ preset: 'ngaco_b', gainCapRate: 0.05 }, 50_000);
    close(at(c, -0.1).providers, 0.05 * 0.98);
  });

  it('refuses a corridor the engine would refuse, with the field', () => {
    expect(() =>
      corridorCurve(
        {
          label: 'bad',
          discount: 0,
          order: 'share_then_cap',
          gain: {
            threshold: { type: 'fixed', rate: 0 },
            thresholdMode: 'net',
            bands: [
              { upTo: 0.05, providerRate: 1 },
              { upTo: 0.02, providerRate: 0.5 },
              { upTo: null, providerRate: 0.2 },
            ],
            capRate: null,
            scaleByQuality: false,
            haircut: 0,
          },
          loss: {
            threshold: { type: 'fixed', rate: 0 },
            thresholdMode: 'net',
            bands: [{ upTo: null, providerRate: 0.5 }],
            capRate: null,
            revenueCapRate: null,
            qualityLinkedRate: null,
          },
          stopLoss: { specific: null, aggregate: null },
        },
        50_000,
      ),
    ).toThrow(/riskShare\.gain\.bands\[1\]\.upTo/);
  });

  it('offers every published preset with its source', () => {
    const ids = presetOptions().map((p) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(['nhs_symmetric_50_50', 'aca_1342', 'mssp_basic_a', 'ngaco_b', 'reach_global']),
    );
    expect(presetOptions().every((p) => p.source.length > 0)).toBe(true);
  });
});
