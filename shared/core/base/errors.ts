/** Typed domain errors of the core. Adapters map them to exit codes (cli/main.ts) and HTTP statuses
 *  (functions/http/errorMapping.ts), each in one place. */

export interface FieldProblem {
  /** Dotted path of the field at fault, e.g. `serviceLines[2].providers`. */
  field: string;
  message: string;
}

/** Input that does not satisfy a schema or a cross-reference rule. */
export class ValidationError extends Error {
  readonly code = 'validation_error';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field || '(document)'}: ${p.message}`).join('; '));
    this.name = 'ValidationError';
  }
  get field(): string {
    return this.problems[0]?.field ?? '';
  }
}

/** A well-formed request the engine cannot answer (unknown preset, year out of range, ...). */
export class DomainError extends Error {
  readonly code = 'domain_error';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DomainError';
  }
}
