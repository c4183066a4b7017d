import { describe, expect, it } from 'vitest';
import { runPacs, tempFile } from '../../support/runCli.ts';

describe('the pacs executable, as a user runs it', () => {
  it('the real executable exits 2 without a stack trace', () => {
    const r = runPacs(['calc', tempFile('bad.json', { schemaVersion: 1, name: 'x' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: contract: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
