import { describe, expect, it } from 'vitest';
import { LIMITS, formatBound } from '../../../shared/core/scenario/index.ts';

// formatBound groups digits by hand (toLocaleString costs a cold start its ICU data): it must write every bound
// exactly as the en-GB locale does, the documentation's and the messages' form.
describe('formatBound', () => {
  const enGb = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-GB') : String(n));

  it('writes every LIMITS value as en-GB does', () => {
    for (const [name, value] of Object.entries(LIMITS)) expect(formatBound(value), name).toBe(enGb(value));
  });

  it('groups thousands of any size and sign, and leaves small numbers and fractions alone', () => {
    const values = [
      0, 1, -0.5, 0.0001, 999, 1000, -1000, 12_345.6, 999_999.5, -70_000_000, 1e12, 123_456_789_012,
    ];
    for (const v of values) expect(formatBound(v), String(v)).toBe(enGb(v));
    expect(formatBound(1_000_000)).toBe('1,000,000');
  });
});
