// Exponential backoff with jitter (protocol/otlp.md, "Retrying"); the defaults are the ones the
// OpenTelemetry JS exporters use.

/** How an exporter retries a retryable failure: number of attempts and the backoff between them. */
export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  maxAttempts: number;
  initialBackoffMillis: number;
  maxBackoffMillis: number;
  backoffMultiplier: number;
  /** Fraction of the backoff randomly added or removed, so that many clients do not retry in step. */
  jitter: number;
}

/** The retry policy of the OTLP exporters: 5 attempts, exponential backoff from 1 s to 5 s with 20 % jitter. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  initialBackoffMillis: 1000,
  maxBackoffMillis: 5000,
  backoffMultiplier: 1.5,
  jitter: 0.2,
});

/** The wait before retry number `retry` (1 for the first retry), jitter included. */
export function backoffMillis(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(policy.initialBackoffMillis * policy.backoffMultiplier ** (retry - 1), policy.maxBackoffMillis);
  const jitter = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, base + jitter);
}
