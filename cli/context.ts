/** What a command needs from the outside world; tests pass their own streams. */
export interface CliContext {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  isTTY: boolean;
}

/** Wrong use of the command line itself (unknown command or option, missing value). */
export class UsageError extends Error {
  readonly code = 'usage_error';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
