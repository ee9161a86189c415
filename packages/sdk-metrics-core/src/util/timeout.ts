/** Rejection of an operation that did not settle within its time budget. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
    Object.setPrototypeOf(this, TimeoutError.prototype);
  }
}

/**
 * Settles like `promise`, or rejects with a TimeoutError after `timeoutMillis`. The timer is
 * unref'd so a pending timeout never keeps the process alive, and cleared once settled.
 */
export function callWithTimeout<T>(promise: Promise<T>, timeoutMillis: number, what = 'operation'): Promise<T> {
  if (!Number.isFinite(timeoutMillis)) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${timeoutMillis} ms`)), timeoutMillis);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
