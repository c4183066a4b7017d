import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/runCli.ts';

/* Issue 9, point 13: `npm install` on a fresh clone rewrote the committed package-lock.json (+345 lines), so the
 * tree was dirty after the first command. npm resolves the tree from package.json and the lock exactly as a first
 * install does with --package-lock-only (no node_modules, no scripts), in a few seconds; the lock it writes must be
 * the committed one, byte for byte. npm reaches the registry when it needs to; if it cannot, the test fails with
 * npm's own message, it does not skip. */

const work = mkdtempSync(join(tmpdir(), 'pacs-lock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs npm to completion (its exit is the event waited on; the timeout only bounds a hang). */
function npm(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let output = '';
    const collect = (d: Buffer) => {
      output += d;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const hang = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(hang);
      resolve({ code, output });
    });
  });
}

/** The first lines that differ, for a message a person can act on. */
function firstDifferences(expected: string, actual: string, max = 12): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max; i++)
    if (a[i] !== b[i])
      out.push(`line ${i + 1}: committed ${JSON.stringify(a[i])} / npm ${JSON.stringify(b[i])}`);
  return `${a.length} lines committed, ${b.length} written by npm; first differences:\n${out.join('\n')}`;
}

describe('issue 9 point 13: the lock a fresh install leaves is the committed one', () => {
  it('npm install --package-lock-only on package.json + package-lock.json rewrites nothing', async () => {
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(repoRoot, f), join(work, f));
    const committed = readFileSync(join(work, 'package-lock.json'), 'utf8');

    const r = await npm(
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
      work,
    );
    if (r.code !== 0)
      throw new Error(
        `npm install --package-lock-only exited ${r.code}: it needs the npm registry (reachable here and in CI); ` +
          `npm said:\n${r.output}`,
      );

    const written = readFileSync(join(work, 'package-lock.json'), 'utf8');
    if (written !== committed)
      expect.fail(
        `npm rewrote package-lock.json: run npm install and commit the lock it leaves.\n${firstDifferences(committed, written)}`,
      );
    expect(written).toBe(committed);
  });
});
