// Reads the demo's numbers back from what the embedded OTLP sink received: the decoded
// ExportMetricsServiceRequests, as an OTLP backend would see them.
import type { ReceivedPoint } from '@meterkit/otlp-sink';
import {
  addTo,
  emptyCounts,
  largest,
  mergeHistograms,
  type BucketHistogram,
  type PipelineCounts,
  type ReadExemplar,
} from './pipeline-counts';

function seriesKey(point: ReceivedPoint): string {
  const attributes = Object.keys(point.attributes)
    .sort()
    .map((key) => [key, point.attributes[key]]);
  return JSON.stringify([point.scopeName, point.scopeVersion ?? '', attributes]);
}

/**
 * The current state of each series of metric `name`. Cumulative points each carry the whole
 * total, so the latest one per series wins; delta points (OTEL_EXPORTER_OTLP_METRICS_
 * TEMPORALITY_PREFERENCE=delta) each carry one interval, so they are added up.
 */
function seriesOf(points: ReceivedPoint[], name: string): ReceivedPoint[][] {
  const bySeries = new Map<string, ReceivedPoint[]>();
  for (const point of points) {
    if (point.name !== name) continue;
    const key = seriesKey(point);
    const list = bySeries.get(key);
    if (list === undefined) bySeries.set(key, [point]);
    else list.push(point);
  }
  return [...bySeries.values()].map((list) => {
    if (list[0].temporality === 'delta') return list;
    const latest = list.reduce((a, b) => (BigInt(b.timeUnixNano) >= BigInt(a.timeUnixNano) ? b : a));
    return [latest];
  });
}

function sumOf(series: ReceivedPoint[]): number {
  return series.reduce((total, point) => total + (point.value ?? 0), 0);
}

function histogramOf(point: ReceivedPoint): BucketHistogram | undefined {
  if (point.bucketCounts === undefined || point.explicitBounds === undefined) return undefined;
  return { bounds: point.explicitBounds, counts: point.bucketCounts, min: point.min, max: point.max };
}

export function countsFromSinkPoints(points: ReceivedPoint[]): PipelineCounts {
  const counts = emptyCounts();
  for (const series of seriesOf(points, 'request_count')) {
    addTo(counts.requestsByStatus, Number(series[0].attributes['http.response.status_code']), sumOf(series));
  }
  for (const series of seriesOf(points, 'error_rate')) counts.errors += sumOf(series);
  let duration: BucketHistogram | undefined;
  for (const series of seriesOf(points, 'http.server.request.duration')) {
    for (const point of series) {
      const histogram = histogramOf(point);
      if (histogram) duration = mergeHistograms(duration, histogram);
    }
  }
  counts.durationSeconds = duration;
  // Exemplars are sampled per collection interval (cumulative or not, each export carries the
  // ones of its own interval), so every export the sink received counts, not just the latest.
  const exemplars: ReadExemplar[] = [];
  for (const point of points) {
    if (point.name !== 'http.server.request.duration') continue;
    for (const e of point.exemplars ?? []) {
      if (e.traceId !== undefined && e.spanId !== undefined) exemplars.push({ traceId: e.traceId, spanId: e.spanId, valueSeconds: e.value });
    }
  }
  counts.slowestExemplar = largest(exemplars);
  return counts;
}
