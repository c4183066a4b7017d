// Reapplying my changes on top of someone else's version, and the checks that gate Save.
import { describe, expect, it } from 'vitest';
import { reapply, validateDraft } from '../../../addin/src/pane/core/draft.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

describe('reapply', () => {
  const base = { a: 1, b: { c: 2, d: 3 }, list: [1, 2, 3], name: 'x' };

  it('keeps their changes where I changed nothing, and mine where I did', () => {
    const mine = { ...base, b: { c: 20, d: 3 }, name: 'mine' };
    const theirs = { ...base, a: 10, b: { c: 2, d: 30 }, list: [1, 2, 4] };
    expect(reapply(base, mine, theirs)).toEqual({
      a: 10,
      b: { c: 20, d: 30 },
      list: [1, 2, 4],
      name: 'mine',
    });
  });

  it('mine wins a field we both changed', () => {
    expect(reapply(base, { ...base, a: 2 }, { ...base, a: 3 })).toEqual({ ...base, a: 2 });
  });

  it('merges same-length lists item by item; takes my list whole when I changed its length', () => {
    expect(reapply(base, { ...base, list: [9, 2, 3] }, { ...base, list: [1, 2, 8] })).toEqual({
      ...base,
      list: [9, 2, 8],
    });
    expect(reapply(base, { ...base, list: [1, 2] }, { ...base, list: [1, 2, 8] })).toEqual({
      ...base,
      list: [1, 2],
    });
  });

  it('adds and removes fields as either side did', () => {
    const { name: _n, ...withoutName } = base;
    expect(reapply(base, { ...base, extra: true }, withoutName)).toEqual({ ...withoutName, extra: true });
  });
});

describe('validateDraft', () => {
  it('passes a valid scenario and names the field of each problem', () => {
    const ok = parseScenario(tinyScenario());
    expect(validateDraft(ok)).toEqual([]);
    const problems = validateDraft({
      ...ok,
      trajectory: { ...ok.trajectory, efficiency: 'x' },
      riskShare: { preset: 'nope' },
    });
    expect(problems.map((p) => p.field)).toContain('trajectory.efficiency');
    expect(validateDraft({ ...ok, riskShare: { preset: 'nope' } })).toEqual([
      { field: 'riskShare.preset', message: expect.stringContaining('unknown preset "nope"') },
    ]);
  });
});
