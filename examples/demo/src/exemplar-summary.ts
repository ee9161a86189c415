// The summary's exemplar lines: for each backend read back, its slowest latency exemplar and
// the bucket it lies in — the trace id a person would paste into a tracing UI to see a slow
// request — checked against the spans the service really ended (tracing.ts keeps a log).
// Reservoirs sample per collection interval, so a backend's slowest exemplar lies in the
// slowest bucket only when its interval had a request there: the line says which bucket.
import type { SourceSummary } from './summary';
import type { BucketRange } from './readback/pipeline-counts';
import type { SpanLog } from './tracing';

export interface ExemplarColumn {
  title: string;
  summary?: SourceSummary;
}

export interface ExemplarReport {
  text: string;
  /** False when a backend read back has no exemplar, or one naming no span the service ended. */
  ok: boolean;
}

function seconds(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '0';
  return `${value} s`;
}

function range(bucket: BucketRange): string {
  return Number.isFinite(bucket.lower) ? `(${seconds(bucket.lower)}, ${seconds(bucket.upper)}]` : `(0, ${seconds(bucket.upper)}]`;
}

function ms(valueSeconds: number): string {
  const value = valueSeconds * 1000;
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/**
 * One line per backend. `spans` undefined: the service ran in cluster workers, whose
 * measurements reach this process without exemplars, so there is nothing to check.
 */
export function exemplarReport(columns: ExemplarColumn[], spans: SpanLog | undefined): ExemplarReport {
  const read = columns.filter((c) => c.summary?.slowestBucket !== undefined);
  if (read.length === 0) return { text: 'Exemplars: no request was measured.', ok: true };
  if (spans === undefined) return { text: 'Exemplars: not carried from cluster workers (--workers), none to show.', ok: true };
  const slowest = read[0]!.summary!.slowestBucket!;
  const lines = [`Slowest exemplar of http.server.request.duration (the slowest bucket holding requests is ${range(slowest)}):`];
  let ok = true;
  const width = Math.max(...read.map((c) => c.title.length)) + 2;
  for (const { title, summary } of read) {
    const exemplar = summary!.slowestExemplar;
    if (exemplar === undefined) {
      ok = false;
      lines.push(`  ${title.padEnd(width)}✗ no exemplar`);
      continue;
    }
    const span = spans.find(exemplar.traceId, exemplar.spanId);
    let found: string;
    if (span) found = `✓ span "${span.name}"${span.status === undefined ? '' : ` (${span.status})`} of the service, ${ms(span.durationMs / 1000)}`;
    else if (spans.evictedAny) found = "(span no longer in the demo's span log)";
    else {
      ok = false;
      found = '✗ no span of the service has these ids';
    }
    const where = exemplar.bucket.upper === slowest.upper ? 'slowest bucket' : `bucket ${range(exemplar.bucket)}`;
    lines.push(`  ${title.padEnd(width)}trace ${exemplar.traceId}  ${ms(exemplar.valueSeconds).padStart(7)} (${where})  ${found}`);
  }
  return { text: lines.join('\n'), ok };
}
