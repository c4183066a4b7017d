import { DomainError, ValidationError } from '../shared/core/base/index.ts';
import { calcCommand } from './commands/calc.ts';
import { DATA_USAGE, dataCommand } from './data/command.ts';
import { needIndexCommand } from './commands/needIndex.ts';
import { presetsCommand } from './commands/presets.ts';
import { settleCommand } from './commands/settle.ts';
import { validateCommand } from './commands/validate.ts';
import { SIMULATE_USAGE, simulateCommand } from './simulateCommand.ts';
import { type CliContext, UsageError } from './context.ts';

type Command = (args: string[], ctx: CliContext) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  calc: { run: calcCommand, usage: 'pacs calc FILE [--year N] [--forms] [--json]' },
  settle: {
    run: settleCommand,
    usage: 'pacs settle FILE --year N (--actual GBP | --actuals FILE.json) [--json]',
  },
  'need-index': {
    run: needIndexCommand,
    usage: 'pacs need-index --practices CSV --icb NAME_OR_CODE --by COLUMN [--component COLUMN] [--json]',
  },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE },
  data: { run: dataCommand, usage: DATA_USAGE },
  presets: { run: presetsCommand, usage: 'pacs presets [--json]' },
  validate: { run: validateCommand, usage: 'pacs validate FILE' },
};

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

function usage(): string {
  return `Usage:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n\nMoney is GBP; per-person amounts are GBP per person per year.\n`;
}

/** Runs one command; maps every failure to an exit code and a one-line message (never a stack trace). */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    ctx.stdout.write(usage());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.stderr.write(`error: unknown command "${name}"\n${usage()}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest, ctx);
  } catch (e) {
    if (e instanceof ValidationError) {
      const [first, ...more] = e.problems;
      const extra = more.length ? ` (and ${more.length} more: run pacs validate for the full list)` : '';
      ctx.stderr.write(
        `error: ${first ? `${first.field || '(document)'}: ${first.message}` : e.message}${extra}\n`,
      );
      return EXIT_BAD_INPUT;
    }
    if (e instanceof DomainError || e instanceof UsageError) {
      ctx.stderr.write(
        `error: ${e instanceof UsageError ? `${e.message}\nusage: ${command.usage}` : e.message}\n`,
      );
      return EXIT_BAD_INPUT;
    }
    ctx.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
