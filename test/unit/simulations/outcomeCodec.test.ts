import { describe, expect, it } from 'vitest';
import { decodeOutcomes, encodeOutcomes } from '../../../functions/simulations/outcomeCodec.ts';
import { OutcomeMerge } from '../../../functions/simulations/outcomeMerge.ts';
import { OUTCOME_ARRAYS, allocateOutcomes } from '../../../shared/core/simulation/index.ts';
import type { TrialOutcomes } from '../../../shared/core/simulation/index.ts';

/** Outcomes whose every value is distinct and awkward (negative zero, subnormals, huge, fractional). */
function sample(from: number, to: number): TrialOutcomes {
  const o = allocateOutcomes(from, to);
  const special = [-0, 5e-324, 1.7976931348623157e308, -123456.789, 0.1 + 0.2];
  OUTCOME_ARRAYS.forEach((k, j) => {
    for (let i = 0; i < to - from; i++) o[k][i] = special[(i + j) % special.length]! * (i + 1) + j;
  });
  for (let i = 0; i < to - from; i++) o.flags[i] = (i * 7) & 15;
  return o;
}

const bitsOf = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));

describe('outcome codec', () => {
  it('is 16 header bytes + 8 float64 arrays + 1 flag byte a trial, and round-trips every bit', () => {
    const o = sample(1_000, 1_037);
    const bytes = encodeOutcomes(o);
    expect(bytes.byteLength).toBe(16 + 37 * (8 * 8 + 1));
    const back = decodeOutcomes(bytes);
    expect([back.from, back.to]).toEqual([1_000, 1_037]);
    for (const k of OUTCOME_ARRAYS) expect(bitsOf(back[k])).toEqual(bitsOf(o[k]));
    expect(Array.from(back.flags)).toEqual(Array.from(o.flags));
  });

  it('decodes from a buffer at an odd offset (as S3 bodies may arrive)', () => {
    const bytes = encodeOutcomes(sample(0, 5));
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(bitsOf(decodeOutcomes(shifted.subarray(3)).spend)).toEqual(bitsOf(sample(0, 5).spend));
  });

  it('refuses what is not a whole chunk', () => {
    const bytes = encodeOutcomes(sample(0, 4));
    expect(() => decodeOutcomes(bytes.subarray(0, bytes.length - 1))).toThrow(/wrong length/);
    const other = Uint8Array.from(bytes);
    other[0] = 0;
    expect(() => decodeOutcomes(other)).toThrow(/not a PCK1/);
    expect(() => decodeOutcomes(new Uint8Array(3))).toThrow(/truncated/);
  });
});

describe('OutcomeMerge', () => {
  it('places chunks by trial index whatever their order, and refuses overlaps and gaps', () => {
    const whole = sample(0, 12);
    const part = (a: number, b: number) => {
      const o = allocateOutcomes(a, b);
      for (const k of OUTCOME_ARRAYS) o[k].set(whole[k].subarray(a, b));
      o.flags.set(whole.flags.subarray(a, b));
      return o;
    };
    const merge = new OutcomeMerge(12);
    for (const [a, b] of [
      [8, 12],
      [0, 3],
      [3, 8],
    ] as const)
      merge.add(decodeOutcomes(encodeOutcomes(part(a, b))));
    expect(merge.placed).toBe(12);
    expect(() => merge.add(part(2, 4))).toThrow(/two chunks/);
    const gap = new OutcomeMerge(12);
    gap.add(part(0, 6));
    expect(() => gap.result('s', {} as never)).toThrow(/trial 6 is in no chunk/);
  });
});
