import { ValidationError } from '../../shared/core/base/index.ts';
import { resolveRiskShare } from '../../shared/core/presets/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import { parseArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { readJson } from '../files.ts';
import { onePositional } from '../options.ts';

/** Checks a scenario file; lists every problem (exit 2) or summarises the valid document (exit 0). */
export function validateCommand(argv: string[], ctx: CliContext): number {
  const { positional } = parseArgs(argv, new Set(), new Set());
  const path = onePositional(positional, 'FILE');
  try {
    const s = parseScenario(readJson(path, 'FILE'));
    resolveRiskShare(s.riskShare);
    const people = s.population.practices.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
    ctx.stdout.write(
      `valid: ${s.name} (schemaVersion ${s.schemaVersion}, ${s.contract.form}, ${s.contract.years} years, ` +
        `${s.population.practices.length} practices, ${Math.round(people).toLocaleString('en-GB')} registered ` +
        `person-years, ${s.population.segments.length} segments, ${s.serviceLines.length} service lines)\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    ctx.stderr.write(`invalid: ${path}: ${e.problems.length} problem(s)\n`);
    for (const p of e.problems) ctx.stderr.write(`  ${p.field || '(document)'}: ${p.message}\n`);
    return 2;
  }
}
