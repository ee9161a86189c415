/** Rejection of an operation that did not settle within its time budget. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
    Object.setPrototypeOf(this, TimeoutError.prototype);
  }
}

/** Options of `callWithTimeout`. */
export interface TimeoutOptions {
  /**
   * Whether the pending timer may let the process exit (default false). Only work nobody
   * awaits explicitly (a scheduled export) sets it: anything a caller's shutdown() or
   * forceFlush() awaits must keep the process alive until it settles or its timeout fires,
   * or `await provider.shutdown()` could end in a silent exit with nothing exported.
   */
  unref?: boolean;
}

/**
 * Settles like `promise`, or rejects with a TimeoutError after `timeoutMillis`. The timer is
 * cleared once settled, so it never holds the process longer than the work itself.
 */
export function callWithTimeout<T>(
  promise: Promise<T>,
  timeoutMillis: number,
  what = 'operation',
  options: TimeoutOptions = {},
): Promise<T> {
  if (!Number.isFinite(timeoutMillis)) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${timeoutMillis} ms`)), timeoutMillis);
    if (options.unref) timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
