import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import {
  type StartedStack,
  groupGone,
  javaProcess,
  killGroup,
  processes,
  stackProcess,
  startNpm,
} from '../../support/npmStart.ts';
import { call, newOrgCode } from '../api/stack.ts';

// Issue 9, point 2, against the real `npm start` in its own process group (a terminal's Ctrl-C signals the whole
// group; a service manager's SIGTERM only npm): stop means stop, within 2 s, with nothing left behind, even while a
// simulation runs; a second Ctrl-C forces it.

let stack: StartedStack | undefined;
afterEach(() => {
  if (stack) killGroup(stack.pgid);
  stack = undefined;
});

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** `npm start` with a long person-level simulation running. */
async function busyStack(): Promise<StartedStack> {
  const s = await startNpm(['--in-memory']);
  stack = s;
  const token = await s.token(newOrgCode());
  const saved = await call(s.api, 'POST', '/v1/scenarios', { token, body: { scenario: tinyScenario() } });
  const run = await call(s.api, 'POST', '/v1/simulations', {
    token,
    body: { scenario: saved.json.id, options: { trials: 2_000_000, method: 'person' } },
    headers: { 'idempotency-key': 'stop-test-0001' },
  });
  for (let i = 0; i < 600; i++) {
    const r = await call(s.api, 'GET', `/v1/simulations/${run.json.id}`, { token });
    if (r.json.status === 'running' && r.json.progress.done > 0) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the simulation never ran');
}

/** Nothing of the stack anywhere: its process group is empty and DynamoDB Local's watchdog (which lives in a
 *  group of its own so that it outlives its parent) is gone too. */
async function nothingLeft(s: StartedStack, stackPid: number): Promise<void> {
  const watchdog = () =>
    processes().filter(
      (p) => p.cmdline.includes('ddb-local-watchdog') && p.cmdline.includes(` ${stackPid} `),
    );
  // The watchdog notices its parent's death on its next `kill -0` (once a second): wait for its exit, bounded
  // only against a hang.
  const deadline = performance.now() + 15_000;
  while (watchdog().length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(watchdog()).toEqual([]);
  expect(await portClosed(s.dynamoPort)).toBe(true);
  expect(await portClosed(Number(new URL(s.api).port))).toBe(true);
}

/** Waits for the port to refuse connections. A SIGKILLed JVM is gone from the process list as soon as its main
 *  thread is a zombie, but the kernel closes its sockets only when its last thread has exited, which on a loaded
 *  machine can come a moment later; the bound only catches a port that stays open. */
async function portClosed(port: number, ms = 15_000): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (await portOpen(port)) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('issue 9 point 2: stop means stop', () => {
  it('Ctrl-C while a simulation runs stops everything within 2 s', async () => {
    const s = await busyStack();
    const stackPid = stackProcess(s.pgid).pid;
    process.kill(-s.pgid, 'SIGINT');
    const ms = await groupGone(s.pgid);
    console.info(`Ctrl-C with a simulation running: everything gone in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2_000);
    expect(s.output()).toContain('stopping');
    await nothingLeft(s, stackPid);
  }, 180_000);

  it('a second Ctrl-C forces it when the first cannot finish (DynamoDB Local hung)', async () => {
    const s = await busyStack();
    const stackPid = stackProcess(s.pgid).pid;
    process.kill(javaProcess(s.pgid).pid, 'SIGSTOP'); // a hung JVM ignores SIGTERM until it is continued
    process.kill(-s.pgid, 'SIGINT');
    await s.waitFor('stopping');
    process.kill(-s.pgid, 'SIGINT');
    const ms = await groupGone(s.pgid);
    console.info(`second Ctrl-C: everything gone in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1_000);
    expect(s.output()).toContain('stopped again: forcing the stop');
    await nothingLeft(s, stackPid);
  }, 180_000);

  it('SIGTERM to npm alone (a service manager, a parent process) leaves no orphans', async () => {
    const s = await busyStack();
    const stackPid = stackProcess(s.pgid).pid;
    process.kill(s.pgid, 'SIGTERM'); // npm's pid is the group's id; only npm gets the signal
    const ms = await groupGone(s.pgid);
    console.info(`SIGTERM to npm: everything gone in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2_000);
    await nothingLeft(s, stackPid);
  }, 180_000);
});
