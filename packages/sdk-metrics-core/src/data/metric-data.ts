// The metric data model. Structurally identical to @opentelemetry/sdk-metrics 2.x (enum
// values included) so that anything written against the official SDK's data — exporters,
// @opentelemetry/otlp-transformer — accepts meterkit output unchanged.
import type { Attributes, HrTime, ValueType } from '@opentelemetry/api';
import type { InstrumentationScope as CoreInstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';

export enum AggregationTemporality {
  DELTA = 0,
  CUMULATIVE = 1,
}

export enum InstrumentType {
  COUNTER = 'COUNTER',
  GAUGE = 'GAUGE',
  HISTOGRAM = 'HISTOGRAM',
  UP_DOWN_COUNTER = 'UP_DOWN_COUNTER',
  OBSERVABLE_COUNTER = 'OBSERVABLE_COUNTER',
  OBSERVABLE_GAUGE = 'OBSERVABLE_GAUGE',
  OBSERVABLE_UP_DOWN_COUNTER = 'OBSERVABLE_UP_DOWN_COUNTER',
}

export enum DataPointType {
  HISTOGRAM = 0,
  EXPONENTIAL_HISTOGRAM = 1,
  GAUGE = 2,
  SUM = 3,
}

export type Sum = number;
export type LastValue = number;

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

export interface DataPoint<T> {
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Attributes;
  readonly value: T;
}

export interface SumMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.SUM;
  readonly dataPoints: DataPoint<number>[];
  readonly isMonotonic: boolean;
}

export interface GaugeMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.GAUGE;
  readonly dataPoints: DataPoint<number>[];
}

export interface HistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.HISTOGRAM;
  readonly dataPoints: DataPoint<Histogram>[];
}

export interface ExponentialHistogramMetricData extends BaseMetricData {
  readonly dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM;
  readonly dataPoints: DataPoint<ExponentialHistogram>[];
}

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

export interface ScopeMetrics {
  scope: InstrumentationScope;
  metrics: MetricData[];
}

export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: ScopeMetrics[];
}

export interface CollectionResult {
  resourceMetrics: ResourceMetrics;
  /** Failures during the collection (callbacks that threw, rejected or timed out, producers that failed). */
  errors: unknown[];
}
