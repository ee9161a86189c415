// Delta readers in the primary: workers always report cumulative state, the merge is
// cumulative, and each delta producer keeps the previous merged point per series and reports
// the difference. So each increment reaches a delta reader once, whichever worker made it,
// and a lost or late worker answer only moves increments to the next collection.
//
// A difference that goes negative (a cumulative series that went backwards: a dead worker's
// increments after its last collection were never seen, but its non-retained share vanished)
// is reported as a reset: the current cumulative value with its own start time.
// Histogram min/max cannot be differenced; delta histogram points carry none. A delta point
// keeps only the exemplars recorded in its own interval (after the previous point's end).
import {
  AggregationTemporality,
  compareHrTime,
  DataPointType,
  downscaleBuckets,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { attributesKey } from './series-key';

type Buckets = ExponentialHistogram['positive'];

function subtractBuckets(cur: Buckets, prev: Buckets): Buckets | undefined {
  const counts = cur.bucketCounts.slice();
  for (let i = 0; i < prev.bucketCounts.length; i++) {
    if (prev.bucketCounts[i] === 0) continue;
    const at = prev.offset + i - cur.offset;
    if (at < 0 || at >= counts.length) return undefined;
    counts[at] -= prev.bucketCounts[i];
    if (counts[at] < 0) return undefined;
  }
  return { offset: cur.offset, bucketCounts: counts };
}

function diffHistogram(cur: Histogram, prev: Histogram): Histogram | undefined {
  if (cur.buckets.boundaries.length !== prev.buckets.boundaries.length) return undefined;
  const counts = cur.buckets.counts.map((c, i) => c - (prev.buckets.counts[i] ?? 0));
  if (counts.some((c) => c < 0)) return undefined;
  return {
    buckets: { boundaries: cur.buckets.boundaries, counts },
    count: cur.count - prev.count,
    sum: cur.sum === undefined || prev.sum === undefined ? undefined : cur.sum - prev.sum,
  };
}

function diffExponential(cur: ExponentialHistogram, prev: ExponentialHistogram): ExponentialHistogram | undefined {
  // The merged scale only goes down over time; a previous point at a lower scale means a reset.
  if (prev.scale < cur.scale) return undefined;
  const by = prev.scale - cur.scale;
  const positive = subtractBuckets(cur.positive, downscaleBuckets(prev.positive, by));
  const negative = subtractBuckets(cur.negative, downscaleBuckets(prev.negative, by));
  const zeroCount = cur.zeroCount - prev.zeroCount;
  if (!positive || !negative || zeroCount < 0) return undefined;
  return {
    count: cur.count - prev.count,
    sum: cur.sum === undefined || prev.sum === undefined ? undefined : cur.sum - prev.sum,
    scale: cur.scale,
    zeroCount,
    positive,
    negative,
  };
}

function diff(metric: MetricData, cur: DataPoint<unknown>, prev: DataPoint<unknown>): unknown {
  switch (metric.dataPointType) {
    case DataPointType.SUM: {
      const d = (cur.value as number) - (prev.value as number);
      return metric.isMonotonic && d < 0 ? undefined : d;
    }
    case DataPointType.HISTOGRAM:
      return diffHistogram(cur.value as Histogram, prev.value as Histogram);
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return diffExponential(cur.value as ExponentialHistogram, prev.value as ExponentialHistogram);
    default:
      return cur.value;
  }
}

/** The exemplars recorded after `start` (a delta interval's exemplars; the cumulative point keeps older ones too). */
function exemplarsAfter(exemplars: Exemplar[] | undefined, start: DataPoint<unknown>['startTime']): Exemplar[] | undefined {
  if (exemplars === undefined || exemplars.length === 0) return exemplars;
  return exemplars.filter((e) => compareHrTime(e.timestamp, start) > 0);
}

export class DeltaConversion {
  /** Previous merged cumulative point per stream and series; only series of the last collection. */
  private previous = new Map<string, Map<string, DataPoint<unknown>>>();

  convert(scopes: ScopeMetrics[]): ScopeMetrics[] {
    const next = new Map<string, Map<string, DataPoint<unknown>>>();
    const out = scopes.map(({ scope, metrics }) => ({
      scope,
      metrics: metrics.map((metric) => {
        if (metric.dataPointType === DataPointType.GAUGE) return metric;
        const key = JSON.stringify([scope.name, scope.version ?? '', metric.descriptor.name, metric.dataPointType]);
        const before = this.previous.get(key);
        const now = new Map<string, DataPoint<unknown>>();
        next.set(key, now);
        const dataPoints = (metric.dataPoints as DataPoint<unknown>[]).map((point) => {
          const seriesKey = attributesKey(point.attributes);
          now.set(seriesKey, point);
          const prev = before?.get(seriesKey);
          const value = prev ? diff(metric, point, prev) : undefined;
          if (prev === undefined || value === undefined) return point;
          return { ...point, startTime: prev.endTime, value, exemplars: exemplarsAfter(point.exemplars, prev.endTime) };
        });
        return { ...metric, aggregationTemporality: AggregationTemporality.DELTA, dataPoints } as MetricData;
      }),
    }));
    this.previous = next;
    return out;
  }
}
