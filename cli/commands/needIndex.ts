import { formatRate } from '../../shared/core/base/index.ts';
import { parseCsv } from '../../shared/core/needIndex/index.ts';
import { placeNeedIndex } from '../../shared/core/needIndex/index.ts';
import { practiceRows } from '../../shared/core/needIndex/index.ts';
import { parseArgs } from '../args.ts';
import { type CliContext, UsageError } from '../context.ts';
import { readText } from '../files.ts';
import { toJson } from '../json.ts';
import { optionValue } from '../options.ts';
import * as z from 'zod';
import { renderTable } from '../table.ts';

const FLAGS = new Set(['json']);
const ALLOWED = new Set(['json', 'practices', 'icb', 'by', 'component']);
const Text = z.string().trim().min(1, 'must not be empty');

export function needIndexCommand(argv: string[], ctx: CliContext): number {
  const { positional, options } = parseArgs(argv, FLAGS, ALLOWED);
  if (positional.length) throw new UsageError(positional[0]!, `unexpected argument "${positional[0]}"`);
  const csvPath = optionValue(Text, options.practices, '--practices');
  const icb = optionValue(Text, options.icb, '--icb');
  const by = optionValue(Text, options.by, '--by');
  const component =
    options.component === undefined ? undefined : optionValue(Text, options.component, '--component');
  const rows = practiceRows(parseCsv(readText(csvPath, '--practices')));
  const result = placeNeedIndex(rows, { icb, by, ...(component ? { component } : {}) });
  if (options.json) {
    ctx.stdout.write(toJson(result));
    return 0;
  }
  ctx.stdout.write(
    `${result.icb.name} (${result.icb.code}): relative need index by ${result.by}, component "${result.component}"\n` +
      `ICB GP population ${result.icbPopulation.toLocaleString('en-GB')}, weighted ${result.icbWeightedPopulation.toLocaleString('en-GB')} (sums rounded to integers as NHS England's tool does)\n`,
  );
  ctx.stdout.write(
    renderTable(
      ['place', 'practices', 'GP population', 'weighted population', 'need index', 'share of need'],
      result.places.map((p) => [
        p.place,
        String(p.practices),
        p.population.toLocaleString('en-GB'),
        p.weightedPopulation.toLocaleString('en-GB'),
        p.relativeNeedIndex.toFixed(4),
        formatRate(p.shareOfNeed),
      ]),
    ),
  );
  return 0;
}
