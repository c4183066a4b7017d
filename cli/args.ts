import { closestName } from '../shared/core/base/index.ts';
import { UsageError } from './context.ts';

export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | true>;
}

/** `--name value`, `--name=value` and boolean `--flag`. `flags` lists the options that take no value. */
export function parseArgs(
  argv: readonly string[],
  flags: ReadonlySet<string>,
  allowed: ReadonlySet<string>,
): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!allowed.has(name)) {
      const close = closestName(name, [...allowed]);
      throw new UsageError(
        `--${name}`,
        `unknown option --${name}${close ? `; did you mean --${close}?` : ''}`,
      );
    }
    if (flags.has(name)) {
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name}`, `option --${name} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}
