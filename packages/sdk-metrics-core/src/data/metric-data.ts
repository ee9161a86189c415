// The metric data model. Structurally identical to @opentelemetry/sdk-metrics 2.x (enum
// values included) so that anything written against the official SDK's data — exporters,
// @opentelemetry/otlp-transformer — accepts meterkit output unchanged.
import type { Attributes, HrTime, ValueType } from '@opentelemetry/api';
import type { InstrumentationScope as CoreInstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { Exemplar } from './exemplar';

/** Whether exported sums and histograms cover the time since the last collection (delta) or since the stream started (cumulative). */
export enum AggregationTemporality {
  DELTA = 0,
  CUMULATIVE = 1,
}

/** The kinds of instrument (values as in `@opentelemetry/sdk-metrics`). */
export enum InstrumentType {
  COUNTER = 'COUNTER',
  GAUGE = 'GAUGE',
  HISTOGRAM = 'HISTOGRAM',
  UP_DOWN_COUNTER = 'UP_DOWN_COUNTER',
  OBSERVABLE_COUNTER = 'OBSERVABLE_COUNTER',
  OBSERVABLE_GAUGE = 'OBSERVABLE_GAUGE',
  OBSERVABLE_UP_DOWN_COUNTER = 'OBSERVABLE_UP_DOWN_COUNTER',
}

/** The kind of a metric's data points (values as in `@opentelemetry/sdk-metrics`). */
export enum DataPointType {
  HISTOGRAM = 0,
  EXPONENTIAL_HISTOGRAM = 1,
  GAUGE = 2,
  SUM = 3,
}

/** The value of a sum point. */
export type Sum = number;
/** The value of a gauge point. */
export type LastValue = number;

/** The value of an explicit bucket histogram point: count, sum, min, max, boundaries and bucket counts. */
export interface Histogram {
  /** `counts[i]` counts values in (boundaries[i-1], boundaries[i]]; one more count than boundaries. */
  buckets: {
    boundaries: number[];
    counts: number[];
  };
  /** Absent when the instrument may record negative values (the sum would not be monotonic). */
  sum?: number;
  count: number;
  min?: number;
  max?: number;
}

/** The value of an exponential histogram point: count, sum, min, max, scale, zero count and the positive and negative buckets. */
export interface ExponentialHistogram {
  count: number;
  sum?: number;
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
  min?: number;
  max?: number;
}

/** Name, description, unit and value type of an exported metric. */
export interface MetricDescriptor {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly valueType: ValueType;
}

interface BaseMetricData {
  readonly descriptor: MetricDescriptor;
  readonly aggregationTemporality: AggregationTemporality;
  readonly dataPointType: DataPointType;
}

/** One exported point of a stream: its attributes, start and end times and value. */
export interface DataPoint<T> {
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  /**
   * The series' own attribute set, shared with the SDK: read-only. The object is frozen; its
   * array values are not (for speed) but must not be changed either: the series is found by
   * them.
   */
  readonly attributes: Attributes;
  readonly value: T;
  /**
   * Sampled measurements of this point's series (see `Exemplar`). Optional in the type
   * so that points built in the official SDK's shape keep compiling; points produced by
   * meterkit's collection always carry the array, empty when no exemplar was sampled.
   */
  readonly exemplars?: Exemplar[];
}

/** A metric whose points are sums, monotonic or not. */
export interface SumMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.SUM;
  readonly dataPoints: DataPoint<number>[];
  readonly isMonotonic: boolean;
}

/** A metric whose points are gauge values. */
export interface GaugeMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.GAUGE;
  readonly dataPoints: DataPoint<number>[];
}

/** A metric whose points are explicit bucket histograms. */
export interface HistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.HISTOGRAM;
  readonly dataPoints: DataPoint<Histogram>[];
}

/** A metric whose points are exponential histograms. */
export interface ExponentialHistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM;
  readonly dataPoints: DataPoint<ExponentialHistogram>[];
}

/** One exported metric: its descriptor, temporality and points, by data point type. */
export type MetricData =
  | SumMetricData
  | GaugeMetricData
  | HistogramMetricData
  | ExponentialHistogramMetricData;

/**
 * The instrumentation scope of a Meter: @opentelemetry/core's type plus the scope attributes
 * of the specification's "Get a Meter" (since 1.13.0), which @opentelemetry/core 2.x's type
 * does not carry. `attributes` is absent unless the meter was created with some, so data
 * without them is structurally what the official SDK produces.
 */
export interface InstrumentationScope extends CoreInstrumentationScope {
  readonly attributes?: Attributes;
}

/** The metrics of one instrumentation scope (meter). */
export interface ScopeMetrics {
  scope: InstrumentationScope;
  metrics: MetricData[];
}

/** Everything one collection produced: the resource and its metrics grouped by instrumentation scope. */
export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: ScopeMetrics[];
}

/** What a reader's `collect()` returns: the metrics and the errors met while collecting them. */
export interface CollectionResult {
  resourceMetrics: ResourceMetrics;
  /** Failures during the collection (callbacks that threw, rejected or timed out, producers that failed). */
  errors: unknown[];
}
