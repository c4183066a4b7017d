/* Tests wait on events (a response, an error, a process exit, a port); a bound only stops a hang from holding the
 * suite, and says what never happened. It is generous so that a loaded 2-core machine is slow, not failing. */

/** Resolves as `promise` does, with the milliseconds it took; rejects naming `what` if it has not settled in `ms`. */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms (hung)`)), ms);
  });
  try {
    const value = await Promise.race([promise, hang]);
    return { value, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

/** The error a promise rejects with (or a failure naming `what` if it resolves), with the milliseconds it took. */
export async function failureOf(
  promise: Promise<unknown>,
  ms: number,
  what: string,
): Promise<{ error: unknown; ms: number }> {
  const { value, ms: took } = await within(
    promise.then(
      () => ({ resolved: true as const }),
      (error: unknown) => ({ resolved: false as const, error }),
    ),
    ms,
    what,
  );
  if (value.resolved) throw new Error(`${what}: expected a failure, got an answer`);
  return { error: value.error, ms: took };
}
