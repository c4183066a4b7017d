/** An operation's own error from the service: a bad argument, a year out of range, a scenario not found. */
export class OperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

/** Manual calculation mode: nothing cached for this call and no Refresh running, so nothing is sent. */
export class NotCalculatedError extends Error {
  constructor() {
    super('Manual calculation: press Refresh in the PACS pane');
    this.name = 'NotCalculatedError';
  }
}

/** The service stayed unreachable, busy or failing through every retry. */
export class ServiceUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}
