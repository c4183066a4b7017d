/** A bad argument, named the way Excel shows it: `year: expected a whole number`. */
export class ArgumentError extends Error {
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
    this.name = 'ArgumentError';
  }
}

/** Excel is previewing the formula as it is typed: previews never call the service. */
export class PreviewError extends Error {
  constructor() {
    super('Preview not calculated');
    this.name = 'PreviewError';
  }
}

/** A deployed add-in without a usable configuration (config.json): nothing can be calculated until it is fixed. */
export class NotConfiguredError extends Error {
  constructor(reason: string) {
    super(`The PACS add-in is not configured (${reason}): tell your administrator`);
    this.name = 'NotConfiguredError';
  }
}
