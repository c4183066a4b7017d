import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../cli/options.ts';
import { examplesDir } from '../../../scripts/exampleData/paths.ts';
import { runCli } from '../../support/runCli.ts';

/* `pacs calc --forms` on each example: the fully integrated budget minus the partially integrated one, year by
 * year, reconciled line by line. The partially integrated form leaves out core primary medical care (B5), so the
 * difference is that line; the only other term is named: with an existing deficit D0, each form's affordable
 * allocation grows with its own in-scope spend S (A_y = (S_0 - D0) x S_y / S_0), so the forms differ also by
 * -D0 x (S_full,y / S_full,0 - S_partial,y / S_partial,0). Figures are read from the command's JSON output. */

interface FormsOutput {
  form: string;
  scope: { line: string; inScope: boolean }[];
  years: {
    year: number;
    inScopeSpend: number;
    contractValue: number;
    lines: { line: string; inScope: boolean; amount: number }[];
  }[];
  forms: { form: string; contractValue: number[]; inScopeLines: string[]; unavailable?: string }[];
}

const files = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe.each(files)('%s: fully vs partially integrated', (file) => {
  const scenarioFile = path.join(examplesDir, file);
  const scenario = loadScenario(scenarioFile);
  const run = async (): Promise<FormsOutput> => {
    const r = await runCli(['calc', scenarioFile, '--forms', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as FormsOutput;
  };

  it('differ in scope by the core primary medical care line alone; virtual has the fully integrated scope', async () => {
    const out = await run();
    const lines = (form: string) => new Set(out.forms.find((f) => f.form === form)!.inScopeLines);
    const full = lines('fully_integrated');
    const partial = lines('partially_integrated');
    expect([...full].filter((l) => !partial.has(l))).toEqual(['core_gp']);
    expect([...partial].filter((l) => !full.has(l))).toEqual([]);
    expect(lines('virtual')).toEqual(full);
    expect(scenario.serviceLines.find((l) => l.id === 'core_gp')?.category).toBe('core_primary_medical');
    expect(partial.has('other_primary')).toBe(true);
  });

  it('full - partial = the core line + the named deficit term, every contract year, within a penny', async () => {
    const out = await run();
    const cv = (form: string) => {
      const f = out.forms.find((x) => x.form === form)!;
      expect(f.unavailable, form).toBeUndefined();
      return f.contractValue;
    };
    const full = cv('fully_integrated');
    const partial = cv('partially_integrated');
    const ownHasCore = out.scope.find((s) => s.line === 'core_gp')!.inScope;
    const deficit = scenario.trajectory.deficit;
    expect(deficit?.allocationGrowth).toBeUndefined();
    const d0 = deficit?.amount ?? 0;
    // Do-nothing spend of the core line and of each form's scope, per year (index = year).
    const core: number[] = [];
    const spendFull: number[] = [];
    const spendPartial: number[] = [];
    for (const y of out.years) {
      const line = y.lines.find((l) => l.line === 'core_gp')!;
      // The own form's in-scope lines are scaled to its contract value; undo that to get the line's spend.
      const raw = line.inScope ? (line.amount * y.inScopeSpend) / y.contractValue : line.amount;
      core.push(raw);
      spendFull.push(ownHasCore ? y.inScopeSpend : y.inScopeSpend + raw);
      spendPartial.push(ownHasCore ? y.inScopeSpend - raw : y.inScopeSpend);
    }
    for (let y = 1; y <= scenario.contract.years; y++) {
      const deficitTerm = -d0 * (spendFull[y]! / spendFull[0]! - spendPartial[y]! / spendPartial[0]!);
      const difference = full[y - 1]! - partial[y - 1]!;
      expect(Math.abs(difference - core[y]! - deficitTerm), `year ${y}`).toBeLessThan(0.01);
      // Every line grows alike here (one trajectory, one population mix), so the deficit term is pence at most.
      expect(Math.abs(deficitTerm), `year ${y}`).toBeLessThan(1);
      if (d0 === 0) expect(deficitTerm).toBe(0);
    }
  });
});
