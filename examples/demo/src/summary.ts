// The end-of-run summary: what the load generator counted next to what each backend holds.
import { estimateQuantile } from './readback/quantile';
import { bucketOf, slowestBucket, type BucketRange, type PipelineCounts, type ReadExemplar } from './readback/pipeline-counts';
import type { LoadResult } from './load-generator';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';
const CLASSES: StatusClass[] = ['2xx', '3xx', '4xx', '5xx'];

export interface SourceSummary {
  /** Requests by exact HTTP status code. */
  requestsByStatus: Record<string, number>;
  requestsByClass: Record<StatusClass, number>;
  total: number;
  /** Load generator: 5xx responses received. Backends: the `error_rate` counter. */
  errors: number;
  /** Milliseconds. Load generator: measured per request. Backends: estimated from histogram buckets. */
  latencyMs: { p50?: number; p90?: number; p99?: number };
  /** Backends: the slowest `http.server.request.duration` bucket holding any request. */
  slowestBucket?: BucketRange;
  /** Backends: the exemplar with the largest value read back, and the bucket it lies in. */
  slowestExemplar?: ReadExemplar & { bucket: BucketRange };
}

function byClass(byStatus: Map<number, number>): Record<StatusClass, number> {
  const out: Record<StatusClass, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  for (const [status, count] of byStatus) {
    const cls = `${Math.floor(status / 100)}xx` as StatusClass;
    if (cls in out) out[cls] += count;
  }
  return out;
}

function sortedRecord(map: Map<number, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
}

function total(map: Map<number, number>): number {
  let sum = 0;
  for (const v of map.values()) sum += v;
  return sum;
}

export function summarizeLoad(load: LoadResult): SourceSummary {
  const classes = byClass(load.byStatus);
  return {
    requestsByStatus: sortedRecord(load.byStatus),
    requestsByClass: classes,
    total: total(load.byStatus),
    errors: classes['5xx'],
    latencyMs: { p50: load.latencyMs.quantile(0.5), p90: load.latencyMs.quantile(0.9), p99: load.latencyMs.quantile(0.99) },
  };
}

export function summarizeBackend(counts: PipelineCounts): SourceSummary {
  const ms = (q: number) => {
    const seconds = estimateQuantile(q, counts.durationSeconds);
    return seconds === undefined ? undefined : seconds * 1000;
  };
  return {
    requestsByStatus: sortedRecord(counts.requestsByStatus),
    requestsByClass: byClass(counts.requestsByStatus),
    total: total(counts.requestsByStatus),
    errors: counts.errors,
    latencyMs: { p50: ms(0.5), p90: ms(0.9), p99: ms(0.99) },
    slowestBucket: slowestBucket(counts.durationSeconds),
    slowestExemplar:
      counts.slowestExemplar && counts.durationSeconds
        ? { ...counts.slowestExemplar, bucket: bucketOf(counts.slowestExemplar.valueSeconds, counts.durationSeconds) }
        : undefined,
  };
}

/** Same request counts per exact status, and same error count. */
export function sameCounts(a: SourceSummary, b: SourceSummary): boolean {
  const keys = new Set([...Object.keys(a.requestsByStatus), ...Object.keys(b.requestsByStatus)]);
  for (const key of keys) if ((a.requestsByStatus[key] ?? 0) !== (b.requestsByStatus[key] ?? 0)) return false;
  return a.errors === b.errors;
}

interface Column {
  title: string;
  summary?: SourceSummary;
  /** Shown instead of numbers when there is no summary. */
  note?: string;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function fmtMs(value: number | undefined): string {
  if (value === undefined) return '-';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function formatSummary(load: SourceSummary, backends: Column[], networkErrors: number): string {
  const columns: Column[] = [{ title: 'load generator', summary: load }, ...backends];
  const width = Math.max(16, ...columns.map((c) => c.title.length + 2));
  const rows: Array<[string, (s: SourceSummary) => string, boolean]> = [
    ['requests', (s) => String(s.total), true],
    ...CLASSES.filter((cls) => columns.some((c) => (c.summary?.requestsByClass[cls] ?? 0) > 0)).map(
      (cls): [string, (s: SourceSummary) => string, boolean] => [`  ${cls}`, (s) => String(s.requestsByClass[cls]), true],
    ),
    ['errors (5xx)', (s) => String(s.errors), true],
    ['latency p50', (s) => fmtMs(s.latencyMs.p50), false],
    ['latency p90', (s) => fmtMs(s.latencyMs.p90), false],
    ['latency p99', (s) => fmtMs(s.latencyMs.p99), false],
  ];
  const labelWidth = 16;
  const lines: string[] = [];
  lines.push(' '.repeat(labelWidth) + columns.map((c) => pad(c.title, width)).join(''));
  for (const [label, cell, compared] of rows) {
    let line = label.padEnd(labelWidth);
    const values = columns.map((c) => (c.summary ? cell(c.summary) : ''));
    line += columns.map((c, i) => pad(c.summary ? values[i] : (c.note ?? 'n/a'), width)).join('');
    if (compared) {
      const comparable = values.filter((_, i) => columns[i].summary !== undefined);
      line += comparable.every((v) => v === comparable[0]) ? '   ✓' : '   ✗ differs';
    }
    lines.push(line);
  }
  const statuses = Object.entries(load.requestsByStatus)
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
  lines.push('');
  lines.push(`by status (load generator): ${statuses || 'none'}${networkErrors ? `; ${networkErrors} without a response` : ''}`);
  lines.push('Latency: the load generator measures each request (client side, exact); the backends');
  lines.push('estimate it from the buckets of http.server.request.duration, so expect a difference');
  lines.push('of up to a bucket width (the estimate interpolates inside the bucket holding the rank;');
  lines.push('OTLP also carries min and max, which narrow the last bucket; Prometheus does not).');
  return lines.join('\n');
}
