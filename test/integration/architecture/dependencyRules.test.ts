import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/runCli.ts';

/* The dependency rules (.dependency-cruiser.cjs) pass on the code as it is, and fire on purpose: each case writes
 * a file that breaks one rule into the tree (the rules match on paths); dependency-cruiser runs once over the planted
 * files and each rule must be reported against its own file. */

const DEPCRUISE = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const written: string[] = [];

function cruise(...files: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [DEPCRUISE, '--config', '.dependency-cruiser.cjs', ...files],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function plant(path: string, source: string): string {
  const full = join(repoRoot, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, source);
  written.push(full);
  return path;
}

afterAll(() => {
  for (const f of written) rmSync(f, { force: true });
});

describe('dependency rules', () => {
  it('the code as it is has no violations', () => {
    const r = cruise('shared', 'functions', 'cli', 'addin', 'infra', 'scripts', 'bench', 'test');
    expect(r.output).toContain('no dependency violations found');
    expect(r.ok).toBe(true);
  });

  const cases: { rule: string; path: string; source: string; beside?: [string, string] }[] = [
    {
      rule: 'core-stays-at-the-bottom',
      path: 'shared/core/engine/zzRuleCheckUp.ts',
      source: "import { runBatch } from '../../contract/operations/index.ts';\nexport const x = runBatch;\n",
    },
    {
      rule: 'shared-uses-no-node-builtins',
      path: 'shared/core/engine/zzRuleCheckFs.ts',
      source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    },
    {
      rule: 'shared-depends-on-zod-only',
      path: 'shared/contract/storage/zzRuleCheckSdk.ts',
      source:
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const x = DynamoDBClient;\n",
    },
    {
      rule: 'contract-below-adapters',
      path: 'shared/contract/operations/zzRuleCheckHttp.ts',
      source:
        "import { toHttpError } from '../../../functions/http/errorMapping.ts';\nexport const x = toHttpError;\n",
    },
    {
      rule: 'front-door-within-shared',
      path: 'shared/core/simulation/zzRuleCheckDeep.ts',
      source: "import { settleWith } from '../settlement/settle.ts';\nexport const x = settleWith;\n",
    },
    {
      rule: 'front-door-from-adapters',
      path: 'cli/zzRuleCheckDeep.ts',
      source:
        "import { calculate } from '../shared/core/engine/calculate.ts';\nexport const x = calculate;\n",
    },
    {
      rule: 'cli-uses-only-the-simulation-runtime-of-functions',
      path: 'cli/zzRuleCheckFunctions.ts',
      source: "import { json } from '../functions/http/response.ts';\nexport const x = json;\n",
    },
    {
      rule: 'addin-talks-to-the-contract-only',
      path: 'addin/zzRuleCheckServer.ts',
      source: "import { json } from '../functions/http/response.ts';\nexport const x = json;\n",
    },
    {
      rule: 'no-circular',
      path: 'shared/core/base/zzRuleCheckCycleA.ts',
      source: "import { b } from './zzRuleCheckCycleB.ts';\nexport const a = () => b;\n",
      beside: [
        'shared/core/base/zzRuleCheckCycleB.ts',
        "import { a } from './zzRuleCheckCycleA.ts';\nexport const b = () => a;\n",
      ],
    },
  ];

  // One run over every planted file (each run costs about a second).
  let planted: { ok: boolean; output: string } | undefined;
  const plantedRun = () => {
    planted ??= cruise(
      ...cases.map((c) => {
        if (c.beside) plant(...c.beside);
        return plant(c.path, c.source);
      }),
    );
    return planted;
  };

  for (const c of cases)
    it(`${c.rule} fires on a planted violation`, () => {
      const r = plantedRun();
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(new RegExp(`error ${c.rule}: ${c.path.replaceAll('.', '\\.')}`));
    });
});
