import { DomainError, ValidationError, closestName } from '../shared/core/base/index.ts';
import { calcCommand } from './commands/calc.ts';
import { DATA_USAGE, dataCommand } from './data/command.ts';
import { needIndexCommand } from './commands/needIndex.ts';
import { presetsCommand } from './commands/presets.ts';
import { settleCommand } from './commands/settle.ts';
import { validateCommand } from './commands/validate.ts';
import { SIMULATE_USAGE, simulateCommand } from './simulateCommand.ts';
import { type CliContext, UsageError } from './context.ts';

type Command = (args: string[], ctx: CliContext) => number | Promise<number>;

interface CommandEntry {
  run: Command;
  usage: string;
  /** What it does, for `pacs COMMAND --help`. */
  about: string;
}

const COMMANDS: Record<string, CommandEntry> = {
  calc: {
    run: calcCommand,
    usage: 'pacs calc FILE [--year N] [--forms] [--json]',
    about:
      'The capitated budget for every contract year. --year N adds the breakdown by neighbourhood, service line and\n' +
      'provider (0 is the base year); --forms shows virtual, partially and fully integrated side by side.',
  },
  settle: {
    run: settleCommand,
    usage: 'pacs settle FILE --year N (--actual GBP | --actuals FILE.json) [--json]',
    about:
      'Year-end reconciliation of contract year N against actual in-scope spend: gross gain or loss, corridor bands,\n' +
      'caps, stop-loss, withhold and the shares of providers, commissioner and members. --actuals FILE.json adds\n' +
      'high-cost patients, outcome attainment, quality, activity and revenue.',
  },
  'need-index': {
    run: needIndexCommand,
    usage: 'pacs need-index --practices CSV --icb NAME_OR_CODE --by COLUMN [--component COLUMN] [--json]',
    about:
      "Relative need index and share of need of each place in an ICB, from NHS England's GP practice weighted\n" +
      'populations (CSV).',
  },
  simulate: {
    run: simulateCommand,
    usage: SIMULATE_USAGE,
    about:
      'Monte Carlo risk of a contract year through the real settlement: mean, percentiles, P(loss), VaR and TVaR\n' +
      'per party, with Monte Carlo standard errors. --options FILE.json takes any simulation options (shocks,\n' +
      'calibration, attainment); the flags override it. The result is the same for any number of workers.',
  },
  data: {
    run: dataCommand,
    usage: DATA_USAGE,
    about:
      'Patient-level data kept on this machine: profile a linked pseudonymised extract into aggregates only, write its\n' +
      'baselines into a scenario (baseline --into), or fit the simulation cost model to it (calibrate). See\n' +
      'docs/patient-data.md.',
  },
  presets: {
    run: presetsCommand,
    usage: 'pacs presets [--json]',
    about: 'The gain/loss sharing presets from published programmes, with their sources.',
  },
  validate: {
    run: validateCommand,
    usage: 'pacs validate FILE',
    about: 'Checks a scenario and lists every problem with the field at fault.',
  },
};

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

function usage(): string {
  return `Usage:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n\nMoney is GBP; per-person amounts are GBP per person per year.\n`;
}

const helpOf = (name: string, c: CommandEntry) =>
  `usage: ${c.usage}\n\n${c.about}\n\nMoney is GBP; per-person amounts are GBP per person per year. Exit code 2: bad input.\n`;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** Runs one command; maps every failure to an exit code and a one-line message (never a stack trace). */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && COMMANDS[rest[0]]) {
    ctx.stdout.write(helpOf(rest[0], COMMANDS[rest[0]]!));
    return EXIT_OK;
  }
  if (name === undefined || name === 'help' || isHelp(name)) {
    ctx.stdout.write(usage());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    const close = closestName(name, Object.keys(COMMANDS));
    ctx.stderr.write(
      `error: unknown command "${name}"${close ? `; did you mean ${close}?` : ''}\n${usage()}`,
    );
    return EXIT_BAD_INPUT;
  }
  // --help anywhere on the line wins over whatever else is there (a missing FILE, a wrong option).
  if (rest.some(isHelp)) {
    ctx.stdout.write(helpOf(name, command));
    return EXIT_OK;
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
