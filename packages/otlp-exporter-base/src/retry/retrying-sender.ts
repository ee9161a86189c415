// Sends one request, retrying what the transport classified as retryable, with exponential
// backoff and jitter or the server's requested delay, and never past the request's deadline.
import { OTLPExporterError } from '../errors';
import type { ExporterTransport, TransportResponse } from '../transport/transport';
import { backoffMillis, type RetryPolicy } from './retry-policy';

/** The outcome of {@link sendWithRetry}: success, or a failure after the last attempt. */
export type FinalResponse = Exclude<TransportResponse, { status: 'retryable' }>;

/** Deadline, retry policy and abort signal of one {@link sendWithRetry} call. */
export interface SendOptions {
  timeoutMillis: number;
  policy: RetryPolicy;
  signal: AbortSignal;
}

/** Sends one request through a transport, retrying retryable failures with backoff (or the server's requested delay) until success, a final failure or the deadline. */
export async function sendWithRetry(transport: ExporterTransport, data: Uint8Array, options: SendOptions): Promise<FinalResponse> {
  const { policy, signal } = options;
  const deadline = Date.now() + options.timeoutMillis;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    const response = await transport.send(data, Math.max(remaining, 1), signal);
    if (response.status !== 'retryable') return response;
    if (signal.aborted) return giveUp(response.error, attempt, 'the exporter was shut down');
    if (attempt >= policy.maxAttempts) return giveUp(response.error, attempt, 'no attempts left');
    const delay = response.retryAfterMillis ?? backoffMillis(policy, attempt);
    if (Date.now() + delay >= deadline) {
      const why = response.retryAfterMillis === undefined
        ? `the export timeout of ${options.timeoutMillis} ms leaves no time for another attempt`
        : `the server asked to retry in ${Math.round(delay)} ms, past the export timeout of ${options.timeoutMillis} ms`;
      return giveUp(response.error, attempt, why);
    }
    if (!(await sleep(delay, signal))) return giveUp(response.error, attempt, 'the exporter was shut down');
  }
}

function giveUp(error: Error, attempts: number, why: string): FinalResponse {
  const code = error instanceof OTLPExporterError ? error.code : undefined;
  const data = error instanceof OTLPExporterError ? error.data : undefined;
  const wrapped = new OTLPExporterError(`${error.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${why})`, code, data);
  return { status: 'failure', error: wrapped };
}

/**
 * Waits `ms`; resolves false early if `signal` aborts. The timer is deliberately not unref'd:
 * while a retry is pending no socket is open, so an unref'd timer would let the process exit in
 * the middle of `await provider.shutdown()` with the data undelivered. The wait is bounded by
 * the export timeout (checked above) and ends at once on shutdown's abort.
 */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
