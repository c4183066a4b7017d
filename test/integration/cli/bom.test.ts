import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot, runCli, tempFile } from '../../support/runCli.ts';

// Issue 9, point 9, for the one command that runs worker threads: `pacs simulate` reads its scenario FILE and its
// --options FILE.json with or without a UTF-8 byte-order mark, and gives the same answer.

it('issue 9 point 9: pacs simulate accepts a byte-order mark in FILE and --options', async () => {
  const BOM = '\uFEFF';
  const scenario = readFileSync(join(repoRoot, 'examples', 'virtual-east-lindsey.json'), 'utf8');
  const options = JSON.stringify({ shocks: { tariff: { sd: 0.02 } } });
  const run = (prefix: string) =>
    runCli([
      'simulate',
      tempFile('s.json', prefix + scenario),
      '--options',
      tempFile('o.json', prefix + options),
      '--trials',
      '500',
      '--seed',
      '3',
      '--json',
    ]);
  const a = await run(BOM);
  const b = await run('');
  expect(a.stderr).toBe('');
  expect(a.code).toBe(0);
  expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
});
