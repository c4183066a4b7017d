// Drives the real `npm start` as a user would: spawned in its own process group (as a terminal runs a foreground
// job), signalled, and checked for leftover processes by that group. Linux only (/proc).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevToken } from '../../functions/auth/devIssuer.ts';
import { repoRoot } from './runCli.ts';

export interface NpmStart {
  child: ChildProcess;
  /** The process group (= the npm process's pid). */
  pgid: number;
  dataDir: string;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the output once `pattern` appears in it (rejects if the group exits first or after `ms`). */
  waitFor(pattern: string | RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code of npm. */
  exited: Promise<number | null>;
}

export interface StartedStack extends NpmStart {
  api: string;
  addin: string;
  dynamoPort: number;
  /** A development token for `org` (the keys `npm start` made in its data folder). */
  token(org: string): Promise<string>;
}

/** Spawns `npm start -- ...args` with its own data folder (a fresh temporary one unless given). */
export function spawnNpmStart(
  args: string[],
  dataDir = mkdtempSync(join(tmpdir(), 'pacs-start-')),
): NpmStart {
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    detached: true, // its own process group, like a job in a terminal
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const append = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const l of listeners) l();
  });
  return {
    child,
    pgid: child.pid!,
    dataDir,
    output: () => out,
    exited,
    waitFor(pattern, ms = 120_000) {
      const found = () => (typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (found()) done(() => resolve(out));
          else if (gone)
            done(() => reject(new Error(`npm start exited before printing ${pattern}:\n${out}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} after ${ms} ms:\n${out}`))),
          ms,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** `npm start` up and its banner read. */
export async function startNpm(args: string[] = [], dataDir?: string): Promise<StartedStack> {
  const run = spawnNpmStart(['--api-port', '0', '--addin-port', '0', ...args], dataDir);
  const out = await run.waitFor('Ctrl-C stops everything');
  const api = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const addin = /Add-in files\s+(https:\/\/localhost:\d+)/.exec(out)?.[1];
  const dynamoPort = Number(/DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  if (!api || !addin || !dynamoPort) throw new Error(`unexpected banner:\n${out}`);
  return {
    ...run,
    api,
    addin,
    dynamoPort,
    token: (org) =>
      mintDevToken({ org, user: 'alice', name: `alice (${org})` }, join(run.dataDir, 'dev-issuer')),
  };
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** State letter (R running, S sleeping, T stopped, Z zombie, ...). */
  state: string;
  /** CPU time used so far (user + system), in clock ticks. */
  cpuTicks: number;
  cmdline: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return {
      pid,
      state: f[0]!,
      ppid: Number(f[1]),
      pgid: Number(f[2]),
      cpuTicks: Number(f[11]) + Number(f[12]),
      cmdline,
    };
  } catch {
    return null; // gone meanwhile
  }
}

/** Every live process (zombies excluded: they have exited and only wait for their parent to collect them). */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => readProcess(Number(p)))
    .filter((p): p is ProcessInfo => p !== null && p.state !== 'Z');
}

/** Live processes of a process group. */
export const groupProcesses = (pgid: number): ProcessInfo[] => processes().filter((p) => p.pgid === pgid);

/** The process running scripts/start.ts (the API, the runner and its worker threads live in it): the parent of the
 *  DynamoDB Local JVM, whatever wrappers (npm, sh, tsx) sit above it. */
export function stackProcess(pgid: number): ProcessInfo {
  const java = javaProcess(pgid);
  const p = groupProcesses(pgid).find((x) => x.pid === java.ppid);
  if (!p) throw new Error(`no parent of DynamoDB Local in group ${pgid}`);
  return p;
}

/** The DynamoDB Local JVM of a group. */
export function javaProcess(pgid: number): ProcessInfo {
  const p = groupProcesses(pgid).find((x) => x.cmdline.includes('DynamoDBLocal.jar'));
  if (!p) throw new Error(`no DynamoDB Local in group ${pgid}`);
  return p;
}

/** Resolves with the milliseconds it took for every process of the group to be gone (rejects after `ms`). */
export async function groupGone(pgid: number, ms = 30_000): Promise<number> {
  const t0 = performance.now();
  while (groupProcesses(pgid).length > 0) {
    if (performance.now() - t0 > ms)
      throw new Error(
        `still running after ${ms} ms:\n${groupProcesses(pgid)
          .map((p) => `  ${p.pid} ${p.state} ${p.cmdline}`)
          .join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

/** Cleanup after a test: whatever is left of the group is killed. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** CPU used by a process over `ms` milliseconds, as a share of one core (1 = one core busy all the time). */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const before = readProcess(pid)?.cpuTicks ?? 0;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const after = readProcess(pid)?.cpuTicks ?? before;
  return (after - before) / ticksPerSecond / ((performance.now() - t0) / 1000);
}

/** Waits for the event "the process has gone idle": the first `windowMs` window in which it used less than `share`
 *  of one core. Resolves with when that window began, in ms after the call (rejects after `ms`, a hang bound). */
export async function idleFrom(
  pid: number,
  { windowMs = 200, share = 0.05, ms = 30_000 } = {},
): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const start = performance.now() - t0;
    if (start > ms) throw new Error(`process ${pid} still busy after ${ms} ms`);
    if ((await cpuShare(pid, windowMs)) < share) return start;
  }
}
