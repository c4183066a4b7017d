import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/index.ts';
import {
  Disclosure,
  DisclosureRule,
  controlledRound,
  roundTo,
} from '../../../shared/core/dataProfile/index.ts';
import { parseWith } from '../../../shared/core/scenario/index.ts';

describe('disclosure control', () => {
  it('counts 1-7 are withheld and listed (table and key, never the value); others rounded to 5', () => {
    const d = new Disclosure({ suppressBelow: 8, roundTo: 5 });
    expect([0, 1, 7, 8, 12, 13, 1_234].map((n) => d.count(n, 't', `k${n}`))).toEqual([
      0,
      null,
      null,
      10,
      10,
      15,
      1_235,
    ]);
    expect(d.suppressed).toEqual([
      { table: 't', key: 'k1', reason: 'count below 8' },
      { table: 't', key: 'k7', reason: 'count below 8' },
    ]);
    expect(d.derived(99.5, 3, 't', 'mean')).toBeNull();
    expect(d.derived(99.5, 8, 't', 'mean')).toBe(99.5);
    expect(d.summary()).toEqual([{ table: 't', cells: 3 }]);
  });

  it('the rule is configurable; switching suppression off allows unrounded counts', () => {
    const d = new Disclosure({ suppressBelow: 1, roundTo: 1 });
    expect([1, 7, 13].map((n) => d.count(n, 't', 'k'))).toEqual([1, 7, 13]);
    const small = new Disclosure({ suppressBelow: 11, roundTo: 10 });
    expect([10, 11, 24, 25].map((n) => small.count(n, 't', 'k'))).toEqual([null, 10, 20, 30]);
  });

  it('suppression without rounding is refused: practice person-years in a scenario are protected by rounding', () => {
    try {
      parseWith(DisclosureRule, { suppressBelow: 8, roundTo: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems.map((p) => p.field)).toEqual(['roundTo']);
    }
    expect(parseWith(DisclosureRule, { suppressBelow: 1, roundTo: 1 })).toEqual({
      suppressBelow: 1,
      roundTo: 1,
    });
  });

  it('nearest-multiple rounding, half away from zero', () => {
    expect([2.4, 2.5, 7.5, -2.5].map((v) => roundTo(v, 5))).toEqual([0, 5, 10, -5]);
  });

  it('controlled rounding: multiples of the base that add up to the rounded total', () => {
    const values = [1.2, 3.7, 0.4, 12.9, 7.05, 0, 22.75];
    for (const key of ['A81001', 'B', 'C', '']) {
      const r = controlledRound(values, 5, key);
      expect(r.every((v) => v % 5 === 0 && v >= 0)).toBe(true);
      expect(r.reduce((a, v) => a + v, 0)).toBe(Math.round(48 / 5) * 5);
      // Each cell moves to one of the two multiples around it.
      r.forEach((v, i) => expect(Math.abs(v - values[i]!)).toBeLessThan(5));
    }
  });

  it('controlled rounding is unbiased: averaged over offsets, each cell keeps its value', () => {
    // Fractions (in units of 5) sum to an integer, so the systematic offsets give each cell a round-up
    // probability equal to its fraction exactly; 4,000 keys spread the offsets over [0, 1).
    const values = [1, 2, 3, 4, 5, 6, 9];
    const sums = values.map(() => 0);
    const n = 4_000;
    for (let k = 0; k < n; k++)
      controlledRound(values, 5, `practice-${k}`).forEach((v, i) => {
        sums[i]! += v;
      });
    sums.forEach((s, i) => {
      // Each rounded cell is floor or floor + 5, so its sd is at most 2.5; 5 standard errors of the mean.
      expect(Math.abs(s / n - values[i]!)).toBeLessThan((5 * 2.5) / Math.sqrt(n));
    });
  });
});
