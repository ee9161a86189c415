// Splits one ResourceMetrics into pieces of at most `maxDataPoints` data points, so that one
// big collection does not exceed a receiver's request size limit. Used by the periodic reader
// (maxExportBatchSize) and the OTLP exporters. Each piece keeps the resource, the scopes and the
// metric descriptors its points belong to; a metric with more points than fit is cut across pieces.
import type { MetricData, ResourceMetrics, ScopeMetrics } from '../data/metric-data';

/** Number of data points in a `ResourceMetrics`. */
export function countDataPoints(resourceMetrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}

/** Splits a `ResourceMetrics` into batches of at most `maxDataPoints` points, keeping resource, scope and metric grouping. */
export function splitResourceMetrics(resourceMetrics: ResourceMetrics, maxDataPoints: number): ResourceMetrics[] {
  if (!Number.isFinite(maxDataPoints) || countDataPoints(resourceMetrics) <= maxDataPoints) return [resourceMetrics];

  const batches: ResourceMetrics[] = [];
  let scopes: ScopeMetrics[] = [];
  let room = maxDataPoints;
  const flush = () => {
    batches.push({ resource: resourceMetrics.resource, scopeMetrics: scopes });
    scopes = [];
    room = maxDataPoints;
  };

  for (const scope of resourceMetrics.scopeMetrics) {
    let current: ScopeMetrics | undefined;
    for (const metric of scope.metrics) {
      let offset = 0;
      // A metric without points is still sent (it carries its descriptor), costing no room.
      do {
        if (room === 0) {
          flush();
          current = undefined;
        }
        const take = Math.min(room, metric.dataPoints.length - offset);
        if (current === undefined) {
          current = { scope: scope.scope, metrics: [] };
          scopes.push(current);
        }
        current.metrics.push(slice(metric, offset, offset + take));
        offset += take;
        room -= take;
      } while (offset < metric.dataPoints.length);
    }
  }
  if (scopes.length > 0) flush();
  return batches;
}

function slice(metric: MetricData, start: number, end: number): MetricData {
  if (start === 0 && end === metric.dataPoints.length) return metric;
  return { ...metric, dataPoints: metric.dataPoints.slice(start, end) } as MetricData;
}
