import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.ts';
import { captureStreams } from './captureStreams.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI in-process with captured streams. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = captureStreams();
  const code = await main(args, { ...io, isTTY: false });
  return { code, ...out };
}

/** Runs the real `pacs` executable in a child process, as a user would. */
export function runPacs(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'pacs.mjs'), ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacs-cli-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
