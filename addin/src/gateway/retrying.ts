import { type RetryPolicy, backoffMs, isRetryable } from '../client/index.ts';

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `task` and retries what is worth retrying (429, 5xx, network) with jittered backoff, up to the policy's
 *  bound; stops early when `signal` aborts. The last error is thrown as it was. */
export async function retrying<T>(
  task: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (e) {
      if (!isRetryable(e) || attempt >= policy.retries || signal?.aborted) throw e;
      await sleep(backoffMs(attempt, policy, e), signal);
    }
  }
}

/** Rejects with `error()` if `promise` has not settled within `ms`: a guard so that no call can wait forever
 *  even if a transport ignores its own timeout. */
export function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
