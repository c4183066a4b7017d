import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateCommand } from '../../../cli/simulateCommand.ts';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { simulate } from '../../../shared/core/simulation/simulate.ts';
import { neighbourhoodScenario } from '../../fixtures/simulationScenarios.ts';

function capture(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    ctx: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      isTTY,
    },
  };
}

async function fieldOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  return '(no error)';
}

describe('pacs simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pacs-sim-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(neighbourhoodScenario()));
  const optionsFile = join(dir, 'options.json');
  writeFileSync(optionsFile, JSON.stringify({ shocks: { tariff: { sd: 0.03 } } }));

  it('--json gives the same result as simulate() in one thread, with progress on a terminal', async () => {
    const c = capture(true);
    const code = await simulateCommand(
      [file, '--trials', '2000', '--seed', '9', '--workers', '2', '--options', optionsFile, '--json'],
      c.ctx,
    );
    expect(code).toBe(0);
    const expected = simulate(parseScenario(neighbourhoodScenario()), {
      trials: 2000,
      seed: 9,
      shocks: { tariff: { sd: 0.03 } },
    });
    expect(JSON.parse(c.out.join(''))).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(c.err.join('')).toMatch(/simulating: 100% \(2000 \/ 2000 trials\)/);
  });

  it('the text report names every party and the probabilities', async () => {
    const c = capture(false);
    await simulateCommand([file, '--trials', '500', '--seed', '1', '--workers', '1'], c.ctx);
    const text = c.out.join('');
    for (const s of ['commissioner', 'pacs', 'member acute', 'P(loss)', 'TVaR 95% / 99%', 'loss cap binds'])
      expect(text).toContain(s);
    expect(c.err).toEqual([]);
  });

  it('bad options name the field', async () => {
    const c = capture(false);
    expect(await fieldOf(simulateCommand([file, '--trials', '0', '--seed', '1'], c.ctx))).toBe('--trials');
    expect(await fieldOf(simulateCommand([file, '--trials', '10', '--seed', 'x'], c.ctx))).toBe('--seed');
    writeFileSync(optionsFile, JSON.stringify({ shocks: { trend: { sd: -1 } } }));
    expect(
      await fieldOf(
        simulateCommand([file, '--trials', '10', '--seed', '1', '--options', optionsFile], c.ctx),
      ),
    ).toBe('--options: shocks.trend.sd');
  });
});
