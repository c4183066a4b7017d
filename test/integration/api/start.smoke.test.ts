import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/runCli.ts';
import { within } from '../../support/within.ts';

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('starts DynamoDB Local, the API and the HTTPS add-in server, and Ctrl-C stops them all', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', '--in-memory', '--api-port', '0', '--addin-port', '0'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // The banner's last line is the event waited on (or the process's exit); the bound only catches a hang.
    let out = '';
    const started = child;
    await within(
      new Promise<void>((resolve, reject) => {
        started.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('Ctrl-C stops everything')) resolve();
        });
        started.once('exit', (code) =>
          reject(new Error(`npm start exited (${code}) before its banner:\n${out}`)),
        );
      }),
      150_000,
      'the npm start banner',
    );
    const api = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const addin = /Add-in files\s+(https:\/\/localhost:\d+)/.exec(out)?.[1];
    const ddbPort = Number(/DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const ca = /certutil -addstore -user Root "([^"]+)"/.exec(out)?.[1];
    expect(api && addin && ddbPort && ca, out).toBeTruthy();

    expect(await (await fetch(`${api}/v1/health`)).json()).toMatchObject({ status: 'ok' });
    // The add-in page verifies against the generated CA: the certificate is valid for localhost.
    const page = await httpsGet(`${addin}/index.html`, readFileSync(ca!));
    expect(page.status).toBe(200);
    expect(page.body).toContain('PACS Capitation');
    expect(await portOpen(ddbPort)).toBe(true);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child!.once('exit', r));
    expect(code).toBe(0);
    expect(await portOpen(ddbPort)).toBe(false);
  });
});
