// Reads the demo's numbers back from a real scrape of the PrometheusReader's endpoint, in
// OpenMetrics: the format that carries exemplars (the 0.0.4 text format has none).
import { parseExposition, type Sample } from './prometheus-text';
import { addTo, emptyCounts, largest, type PipelineCounts, type ReadExemplar } from './pipeline-counts';

/** Metric names as the OpenTelemetry → Prometheus rules write them (dots → underscores, unit and `_total` suffixes). */
export const PROMETHEUS_NAMES = {
  requests: 'request_count_total',
  errors: 'error_rate_total',
  durationBucket: 'http_server_request_duration_seconds_bucket',
} as const;

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/openmetrics-text;version=1.0.0' } });
  if (!response.ok) throw new Error(`scrape of ${url} answered ${response.status}`);
  return response.text();
}

function samplesNamed(samples: Sample[], name: string): Sample[] {
  return samples.filter((s) => s.name === name);
}

export function countsFromExposition(text: string): PipelineCounts {
  const { samples } = parseExposition(text);
  const counts = emptyCounts();
  for (const sample of samplesNamed(samples, PROMETHEUS_NAMES.requests)) {
    addTo(counts.requestsByStatus, Number(sample.labels.http_response_status_code), sample.value);
  }
  for (const sample of samplesNamed(samples, PROMETHEUS_NAMES.errors)) counts.errors += sample.value;

  // Prometheus buckets are cumulative (`le` = "less or equal"), one set per series: add the
  // series up per bound, then difference into per-bucket counts.
  const byBound = new Map<number, number>();
  for (const sample of samplesNamed(samples, PROMETHEUS_NAMES.durationBucket)) {
    const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
    byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
  }
  if (byBound.size > 0) {
    const bounds = [...byBound.keys()].sort((a, b) => a - b);
    const perBucket = bounds.map((bound, i) => byBound.get(bound)! - (i === 0 ? 0 : byBound.get(bounds[i - 1])!));
    counts.durationSeconds = { bounds: bounds.filter(Number.isFinite), counts: perBucket };
  }

  // Each bucket sample carries the largest exemplar of its own range (or one carried up from a
  // lower bucket): the largest of them all is the slowest request the scrape has one of.
  const exemplars: ReadExemplar[] = [];
  for (const sample of samplesNamed(samples, PROMETHEUS_NAMES.durationBucket)) {
    const e = sample.exemplar;
    if (e?.labels.trace_id !== undefined && e.labels.span_id !== undefined) exemplars.push({ traceId: e.labels.trace_id, spanId: e.labels.span_id, valueSeconds: e.value });
  }
  counts.slowestExemplar = largest(exemplars);
  return counts;
}
