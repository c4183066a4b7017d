import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, groupGone, killGroup, spawnNpmStart, startNpm } from '../../support/npmStart.ts';
import { repoRoot } from '../../support/runCli.ts';

// Issue 9, point 14, against the real `npm start`: a second one, on ports the first holds, says which port is taken
// and how to choose another, exits 2, leaves nothing behind, and prints no stack trace.

let first: StartedStack;
beforeAll(async () => {
  first = await startNpm(['--in-memory']);
});
afterAll(() => killGroup(first?.pgid));

async function secondStart(args: string[]) {
  const second = spawnNpmStart(['--in-memory', ...args]);
  try {
    const code = await second.exited;
    await groupGone(second.pgid, 10_000);
    return { code, output: second.output() };
  } finally {
    killGroup(second.pgid);
  }
}

describe('issue 9 point 14: a port already in use', () => {
  it("the API's port: named, with the flag to choose another", async () => {
    const apiPort = new URL(first.api).port;
    const r = await secondStart(['--api-port', apiPort, '--addin-port', '0']);
    expect(r.code).toBe(2);
    expect(r.output).toContain(`port ${apiPort} (the API) is already in use`);
    expect(r.output).toContain('--api-port');
    expect(r.output).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it("the add-in server's port: named, with the flag to choose another", async () => {
    const addinPort = new URL(first.addin).port;
    const r = await secondStart(['--api-port', '0', '--addin-port', addinPort]);
    expect(r.code).toBe(2);
    expect(r.output).toContain(`port ${addinPort} (the add-in files) is already in use`);
    expect(r.output).toContain('--addin-port');
    expect(r.output).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it('npm start -- --help documents the flags, and the README too', () => {
    const r = spawnSync('npm', ['start', '--', '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const flag of ['--api-port', '--addin-port', '--in-memory', '--data-dir'])
      expect(r.stdout).toContain(flag);
    const readme = spawnSync('grep', ['-c', '--', '--addin-port', `${repoRoot}/README.md`], {
      encoding: 'utf8',
    });
    expect(Number(readme.stdout)).toBeGreaterThan(0);
  });
});

describe('issue 9 point 14: a port taken between the check and the listen', () => {
  it('is reported the same way (PortInUseError naming the flag), not as a raw EADDRINUSE', async () => {
    const { serveLambda } = await import('../../../functions/local/httpAdapter.ts');
    const { PortInUseError, listenError } = await import('../../../functions/local/ports.ts');
    const port = Number(new URL(first.api).port);
    const error = await serveLambda(async () => ({ statusCode: 200, headers: {}, body: '' }), { port }).then(
      () => undefined,
      (e: unknown) => listenError(e, port, 'the API', '--api-port'),
    );
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(`port ${port} (the API) is already in use`);
  });
});
