import { performance } from 'node:perf_hooks';

/** Median wall time in ms of `fn` over `runs` runs after `warmup` unmeasured runs. */
export function medianMs(fn: () => unknown, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** CPU time (user + system) of this process while `fn` runs, in ms: on a shared machine, other processes' load
 *  stretches wall time but not this. */
export function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
