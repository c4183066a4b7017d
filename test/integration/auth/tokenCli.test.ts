// `npm run token`: the token alone on stdout, verifiable by the API's verifier; bad arguments exit 2 naming the option.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDevAuthConfig } from '../../../functions/auth/authConfig.ts';
import { devKeySource } from '../../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../../functions/auth/verifyToken.ts';
import { runTokenCli } from '../../../scripts/token.ts';
import { repoRoot } from '../../support/runCli.ts';
import { captureStreams } from '../../support/captureStreams.ts';
import { tempKeyDir } from '../../support/auth.ts';

async function run(args: string[], dir: string) {
  const { io, out } = captureStreams();
  const code = await runTokenCli(args, io, { PACS_DEV_KEY_DIR: dir });
  return { code, ...out };
}

async function verifierFor(dir: string) {
  return createVerifier(loadDevAuthConfig({ PACS_DEV_KEY_DIR: dir }), await devKeySource(dir));
}

describe('token CLI', () => {
  it('prints only a token that the API verifier accepts', async () => {
    const dir = tempKeyDir();
    const r = await run(['--org', 'RXX', '--user', 'alice', '--name', 'Alice Smith', '--ttl', '600'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(r.stderr).toMatch(/alice in RXX, valid 10 min/);
    const verify = await verifierFor(dir);
    expect(await verify(`Bearer ${r.stdout.trim()}`)).toEqual({
      org: 'RXX',
      user: 'alice',
      name: 'Alice Smith',
    });
  });

  it.each([
    [['--org', 'rxx', '--user', 'alice'], /^--org must be an ODS-style code/],
    [['--org', 'RXXXXX', '--user', 'alice'], /^--org must be/],
    [['--user', 'alice'], /^--org is required/],
    [['--org', 'RXX'], /^--user is required/],
    [['--org', 'RXX', '--user', 'a b'], /^--user must be/],
    [['--org', 'RXX', '--user', 'alice', '--ttl', '1h'], /^--ttl must be a whole number/],
    [['--org', 'RXX', '--user', 'alice', '--ttl', '999999'], /^--ttl must be at most/],
    [['--org', 'RXX', '--user', 'alice', '--admin'], /--admin/],
    [['--org', 'RXX', '--user', 'alice', 'extra'], /extra/],
  ])('exits 2 for %j', async (args, message) => {
    const r = await run(args, tempKeyDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('runs as a script: token on stdout, hint on stderr, exit 2 on a bad org', () => {
    const dir = tempKeyDir();
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const env = { ...process.env, PACS_DEV_KEY_DIR: dir };
    const script = join(repoRoot, 'scripts', 'token.ts');
    const ok = spawnSync(tsx, [script, '--org', 'RXX', '--user', 'alice'], { encoding: 'utf8', env });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('.')).toHaveLength(3);
    expect(ok.stderr).toMatch(/Authorization: Bearer/);
    const bad = spawnSync(tsx, [script, '--org', 'nope', '--user', 'alice'], { encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--org/);
  });
});
