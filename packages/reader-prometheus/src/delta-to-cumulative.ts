// Delta sums and histograms (from metric producers: the reader's own meters are always
// cumulative) turned into the cumulative points Prometheus needs, as the specification
// allows. Each series accumulates its deltas from the start time of the first one; a delta
// that starts after the series' last end (other than where the previous collection ended)
// means the source restarted or lost data, so the series starts again from it; one that
// starts before the series' last end overlaps (two writers of one stream) and is dropped.
// Memory is bounded: at most the cardinality limit of series per stream (then the overflow
// series `otel.metric.overflow=true`, as the SDK does) and MAX_STREAMS streams.
// Exemplars: a cumulative series shows the exemplars of its latest delta that had any (they
// are measurements of the total too), at most MAX_KEPT_EXEMPLARS of them.
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  type InstrumentationScope,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { mergeExponential } from './exponential-merge';
import type { WarnOnce } from './warn-once';

const MAX_STREAMS = 1000;
/** Per series; an SDK reservoir keeps far fewer (one per bucket, or a few for sums). */
const MAX_KEPT_EXEMPLARS = 256;
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

type Value = number | Histogram | ExponentialHistogram;

interface SeriesState {
  readonly attributes: Attributes;
  startTime: HrTime;
  endTime: HrTime;
  value: Value;
  exemplars?: Exemplar[];
}

interface StreamState {
  readonly series: Map<string, SeriesState>;
  overflow?: SeriesState;
  /** The latest end time of the previous conversion: where an aligned delta of any series starts. */
  lastCollectionEnd?: HrTime;
}

/** The limit for a stream, by the instrument type its points most likely came from. */
export type StreamLimit = (instrumentType: InstrumentType) => number;

function compare(a: HrTime, b: HrTime): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

function copyValue(value: Value): Value {
  if (typeof value === 'number') return value;
  if ('buckets' in value) return { ...value, buckets: { boundaries: value.buckets.boundaries.slice(), counts: value.buckets.counts.slice() } };
  return {
    ...value,
    positive: { offset: value.positive.offset, bucketCounts: value.positive.bucketCounts.slice() },
    negative: { offset: value.negative.offset, bucketCounts: value.negative.bucketCounts.slice() },
  };
}

/** The point's exemplars to keep, copied (the producer may reuse its arrays); undefined when it has none. */
function keptExemplars(point: DataPoint<Value>): Exemplar[] | undefined {
  try {
    const exemplars: unknown = point.exemplars;
    if (!Array.isArray(exemplars) || exemplars.length === 0) return undefined;
    return exemplars.slice(-MAX_KEPT_EXEMPLARS) as Exemplar[];
  } catch {
    return undefined; // unreadable (a Proxy in a producer's data): the series keeps what it had
  }
}

/** A new delta's exemplars replace the kept ones; a delta without any keeps them. */
function updateExemplars(series: SeriesState, point: DataPoint<Value>): void {
  const exemplars = keptExemplars(point);
  if (exemplars !== undefined) series.exemplars = exemplars;
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}

/** `total + delta`, or undefined when they cannot be added (explicit histograms with other boundaries). */
function add(total: Value, delta: Value): Value | undefined {
  if (typeof total === 'number') return total + (delta as number);
  if ('buckets' in total) {
    const d = delta as Histogram;
    if (!sameBoundaries(total.buckets.boundaries, d.buckets.boundaries)) return undefined;
    const sum = total.sum !== undefined && d.sum !== undefined ? total.sum + d.sum : undefined;
    const merged: Histogram = {
      buckets: { boundaries: total.buckets.boundaries, counts: total.buckets.counts.map((c, i) => c + (d.buckets.counts[i] ?? 0)) },
      sum,
      count: total.count + d.count,
    };
    if (total.min !== undefined || d.min !== undefined) merged.min = Math.min(total.min ?? Infinity, d.min ?? Infinity);
    if (total.max !== undefined || d.max !== undefined) merged.max = Math.max(total.max ?? -Infinity, d.max ?? -Infinity);
    return merged;
  }
  return mergeExponential(total, delta as ExponentialHistogram);
}

function instrumentTypeOf(metric: MetricData): InstrumentType {
  if (metric.dataPointType === DataPointType.SUM) return metric.isMonotonic ? InstrumentType.COUNTER : InstrumentType.UP_DOWN_COUNTER;
  return InstrumentType.HISTOGRAM;
}

function streamKey(scope: InstrumentationScope, metric: MetricData): string {
  const monotonic = metric.dataPointType === DataPointType.SUM ? String(metric.isMonotonic) : '';
  return JSON.stringify([scope.name, scope.version ?? '', scope.schemaUrl ?? '', metric.descriptor.name, metric.descriptor.unit, metric.dataPointType, monotonic]);
}

export class DeltaToCumulative {
  private readonly _streams = new Map<string, StreamState>();

  constructor(
    private readonly _limit: StreamLimit,
    private readonly _warnings: WarnOnce,
  ) {}

  /** `resourceMetrics` with every delta sum and histogram replaced by its cumulative form; the rest untouched. */
  convert(resourceMetrics: ResourceMetrics): ResourceMetrics {
    let changed = false;
    const scopeMetrics = resourceMetrics.scopeMetrics.map((scopeMetric) => {
      if (!scopeMetric.metrics.some(isConvertible)) return scopeMetric;
      changed = true;
      const metrics: MetricData[] = [];
      for (const metric of scopeMetric.metrics) {
        if (!isConvertible(metric)) metrics.push(metric);
        else {
          const cumulative = this.accumulate(scopeMetric.scope, metric);
          if (cumulative !== undefined) metrics.push(cumulative);
        }
      }
      return { scope: scopeMetric.scope, metrics };
    });
    return changed ? { resource: resourceMetrics.resource, scopeMetrics } : resourceMetrics;
  }

  private accumulate(scope: InstrumentationScope, metric: MetricData): MetricData | undefined {
    const key = streamKey(scope, metric);
    let stream = this._streams.get(key);
    if (stream === undefined) {
      if (this._streams.size >= MAX_STREAMS) {
        this._warnings.warn(
          'delta:streams',
          `PrometheusReader: more than ${MAX_STREAMS} delta streams to accumulate; delta metric "${metric.descriptor.name}" and any further new ones are dropped`,
        );
        return undefined;
      }
      stream = { series: new Map() };
      this._streams.set(key, stream);
    }
    const limit = Math.max(1, this._limit(instrumentTypeOf(metric)));
    let latestEnd: HrTime | undefined;
    const points: Array<DataPoint<Value>> = metric.dataPoints;
    for (const point of points) {
      this.addPoint(stream, metric.descriptor.name, point, limit);
      if (latestEnd === undefined || compare(point.endTime, latestEnd) > 0) latestEnd = point.endTime;
    }
    if (latestEnd !== undefined) stream.lastCollectionEnd = latestEnd;
    // Every series of the stream is reported on every scrape, changed or not: it is cumulative.
    const dataPoints: Array<DataPoint<Value>> = [];
    const all = stream.overflow === undefined ? stream.series.values() : [...stream.series.values(), stream.overflow];
    for (const series of all) {
      const point: DataPoint<Value> = { startTime: series.startTime, endTime: latestEnd ?? series.endTime, attributes: series.attributes, value: series.value };
      dataPoints.push(series.exemplars === undefined ? point : { ...point, exemplars: series.exemplars });
    }
    return { ...metric, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPoints } as MetricData;
  }

  private addPoint(stream: StreamState, metricName: string, point: DataPoint<Value>, limit: number): void {
    const key = attributesKey(point.attributes);
    let series = stream.series.get(key);
    if (series === undefined) {
      if (stream.series.size >= limit - 1) {
        // Past the limit (one slot is the overflow series'): into the overflow series, which only ever adds.
        this._warnings.warn(`delta:overflow:${metricName}`, `PrometheusReader: delta metric "${metricName}" has more than ${limit} series; the others are accumulated in the overflow series`);
        if (stream.overflow === undefined) {
          stream.overflow = { attributes: OVERFLOW_ATTRIBUTES, startTime: point.startTime, endTime: point.endTime, value: copyValue(point.value) };
        } else {
          const sum = add(stream.overflow.value, point.value);
          if (sum !== undefined) stream.overflow.value = sum;
          stream.overflow.endTime = point.endTime;
        }
        updateExemplars(stream.overflow, point);
        return;
      }
      // The state keeps its own frozen attributes: the same object on every scrape, so the
      // serializer's per-series label cache applies to converted series too.
      series = { attributes: Object.freeze({ ...point.attributes }), startTime: point.startTime, endTime: point.endTime, value: copyValue(point.value) };
      updateExemplars(series, point);
      stream.series.set(key, series);
      return;
    }
    const start = compare(point.startTime, series.endTime);
    const aligned = start === 0 || (start > 0 && stream.lastCollectionEnd !== undefined && compare(point.startTime, stream.lastCollectionEnd) === 0);
    if (start < 0) {
      this._warnings.warn(
        `delta:overlap:${metricName}`,
        `PrometheusReader: a delta point of "${metricName}" starts before the previous one ended (two writers of one stream?); the point is dropped`,
      );
      return;
    }
    const sum = aligned ? add(series.value, point.value) : undefined;
    if (sum === undefined) {
      // A gap (restart or lost data) or buckets that cannot be added: the series starts again here.
      series.startTime = point.startTime;
      series.value = copyValue(point.value);
      series.exemplars = undefined;
    } else {
      series.value = sum;
    }
    updateExemplars(series, point);
    series.endTime = point.endTime;
  }
}

function isConvertible(metric: MetricData): boolean {
  return metric.aggregationTemporality === AggregationTemporality.DELTA && metric.dataPointType !== DataPointType.GAUGE;
}
