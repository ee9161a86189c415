// Retry rules of OTLP/HTTP (protocol/otlp.md, "Failures" and "Throttling").
import { OTLPExporterError } from '../errors';
import type { TransportResponse } from '../transport/transport';

const RETRYABLE_HTTP_STATUS = new Set([429, 502, 503, 504]);

/** Whether OTLP/HTTP says to retry a response with this status (429, 502, 503, 504). */
export function isRetryableHttpStatus(status: number): boolean {
  return RETRYABLE_HTTP_STATUS.has(status);
}

/**
 * Parses Retry-After: delay-seconds or an HTTP-date. Undefined when absent or unparsable,
 * so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  if (Array.isArray(value)) value = value[0];
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Classifies a non-2xx HTTP answer. `body` is the response text, kept on the error for diagnosis. */
export function classifyHttpFailure(status: number, retryAfter: string | string[] | undefined, body: string): TransportResponse {
  const error = new OTLPExporterError(`OTLP export failed with HTTP status ${status}${body ? `: ${truncate(body)}` : ''}`, status, body);
  if (isRetryableHttpStatus(status)) {
    return { status: 'retryable', error, retryAfterMillis: parseRetryAfter(retryAfter) };
  }
  return { status: 'failure', error };
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
