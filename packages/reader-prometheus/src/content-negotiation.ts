// Choosing the exposition format from the scraper's Accept header, q-values included.
// Prometheus sends, for example:
//   application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,
//   text/plain;version=0.0.4;q=0.5,*/*;q=0.1
// With native histograms enabled it puts the protobuf format first:
//   application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,...
import type { ExpositionFormat } from './exposition-format';

/** A text format, or the protobuf exposition (length-delimited MetricFamily messages). */
export type ScrapeFormat = ExpositionFormat | 'protobuf';

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
  index: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((part, index) => {
    const [rawType, ...rawParams] = part.split(';');
    const type = rawType!.trim().toLowerCase();
    if (type === '') return;
    const params = new Map<string, string>();
    let q = 1;
    for (const rawParam of rawParams) {
      const eq = rawParam.indexOf('=');
      if (eq < 0) continue;
      const key = rawParam.slice(0, eq).trim().toLowerCase();
      const value = rawParam.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      } else {
        params.set(key, value);
      }
    }
    ranges.push({ type, params, q, index });
  });
  return ranges;
}

/** What format a media range can be answered with, or undefined when neither fits. */
function formatFor(range: MediaRange, allowed: readonly ScrapeFormat[]): ScrapeFormat | undefined {
  const version = range.params.get('version');
  let format: ScrapeFormat | undefined;
  if (range.type === 'application/vnd.google.protobuf') {
    // Only the exact message and framing Prometheus reads; never through a wildcard.
    if (range.params.get('proto') === 'io.prometheus.client.MetricFamily' && range.params.get('encoding') === 'delimited') format = 'protobuf';
  } else if (range.type === 'application/openmetrics-text') {
    // We write OpenMetrics 1.0.0; a scraper that names another version gets something else.
    if (version === undefined || version === '1.0.0') format = 'openmetrics';
  } else if (range.type === 'text/plain') {
    if (version === undefined || version === '0.0.4') format = 'text';
  } else if (range.type === 'text/*' || range.type === '*/*') {
    format = 'text';
  }
  if (format === undefined) return undefined;
  if (allowed.includes(format)) return format;
  // A wildcard accepts whatever text format we can produce.
  return range.type === '*/*' ? allowed.find((f) => f !== 'protobuf') : undefined;
}

/**
 * The format with the highest q-value among those the scraper accepts and we can serve
 * (earlier in the header wins ties). Without a usable Accept header: the 0.0.4 text format,
 * which every Prometheus-compatible scraper reads, or the only format allowed.
 */
export function negotiateFormat(accept: string | string[] | undefined | null, allowed?: readonly ExpositionFormat[]): ExpositionFormat;
export function negotiateFormat(accept: string | string[] | undefined | null, allowed: readonly ScrapeFormat[]): ScrapeFormat;
export function negotiateFormat(
  accept: string | string[] | undefined | null,
  allowed: readonly ScrapeFormat[] = ['text', 'openmetrics'],
): ScrapeFormat {
  const fallback: ScrapeFormat = allowed.includes('text') ? 'text' : allowed[0]!;
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return fallback;
  let best: { format: ScrapeFormat; q: number; index: number } | undefined;
  for (const range of parseAccept(header)) {
    if (range.q <= 0) continue;
    const format = formatFor(range, allowed);
    if (format === undefined) continue;
    if (best === undefined || range.q > best.q) best = { format, q: range.q, index: range.index };
  }
  return best?.format ?? fallback;
}

/** True when the Accept-Encoding header accepts gzip (`gzip`, `x-gzip` or `*`, with q > 0). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';');
    const name = coding!.trim().toLowerCase();
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number(value?.trim());
    }
    if (q > 0) return true;
  }
  return false;
}
