import { ValidationError } from '../../shared/core/base/errors.ts';
import { tinyScenario } from '../fixtures/tinyScenario.ts';

/** The problems a ValidationError lists; fails the test when `run` accepts its input (or throws anything else). */
export function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected the input to be rejected');
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit a deep clone freely
export type Mutable = Record<string, any>;

/** A deep copy of the tiny scenario with `edit` applied. */
export function scenarioWith(edit: (s: Mutable) => void): Mutable {
  const s = structuredClone(tinyScenario()) as Mutable;
  edit(s);
  return s;
}
