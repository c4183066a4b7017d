import { describe, expect, it } from 'vitest';
import { diffJson, summariseChanges } from '../../../shared/core/scenario/diff.ts';

describe('diffJson', () => {
  it('lists added, removed and changed fields with paths', () => {
    const before = { name: 'A', contract: { years: 3 }, lines: [1, 2, 3], old: true };
    const after = { name: 'B', contract: { years: 3 }, lines: [1, 5], added: { x: 1 } };
    const { changes, truncated } = diffJson(before, after);
    expect(truncated).toBe(false);
    expect(changes).toEqual([
      { path: 'name', kind: 'changed', before: 'A', after: 'B' },
      { path: 'lines[1]', kind: 'changed', before: 2, after: 5 },
      { path: 'lines[2]', kind: 'removed', before: 3 },
      { path: 'old', kind: 'removed', before: true },
      { path: 'added', kind: 'added', after: { x: 1 } }, // a new subtree is one change
    ]);
    expect(summariseChanges(changes, truncated)).toBe('5 field(s) changed in name, lines, old, added');
  });

  it('finds nothing between equal documents and stops at the limit', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }).changes).toEqual([]);
    const many = diffJson(
      { v: Array.from({ length: 20 }, () => 0) },
      { v: Array.from({ length: 20 }, () => 1) },
      5,
    );
    expect(many.changes).toHaveLength(5);
    expect(many.truncated).toBe(true);
    expect(summariseChanges(many.changes, many.truncated)).toBe('5+ field(s) changed in v');
  });
});
