// Hand-built metric data, for serializer tests that must not depend on the SDK's aggregation.
import { ValueType, type Attributes } from '@opentelemetry/api';
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';

const T0: [number, number] = [1700000000, 500_000_000];
const T1: [number, number] = [1700000010, 0];

function descriptor(name: string, unit = '', description = '') {
  return { name, unit, description, valueType: ValueType.DOUBLE };
}

export function sum(
  name: string,
  points: Array<[Attributes, number]>,
  opts: { unit?: string; description?: string; monotonic?: boolean; temporality?: AggregationTemporality } = {},
): MetricData {
  return {
    descriptor: descriptor(name, opts.unit, opts.description),
    aggregationTemporality: opts.temporality ?? AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: opts.monotonic ?? true,
    dataPoints: points.map(([attributes, value]) => ({ startTime: T0, endTime: T1, attributes, value })),
  };
}

export function gauge(name: string, points: Array<[Attributes, number]>, opts: { unit?: string; description?: string } = {}): MetricData {
  return {
    descriptor: descriptor(name, opts.unit, opts.description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: points.map(([attributes, value]) => ({ startTime: T0, endTime: T1, attributes, value })),
  };
}

export function histogram(
  name: string,
  points: Array<[Attributes, Histogram]>,
  opts: { unit?: string; description?: string; temporality?: AggregationTemporality } = {},
): MetricData {
  return {
    descriptor: descriptor(name, opts.unit, opts.description),
    aggregationTemporality: opts.temporality ?? AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: points.map(([attributes, value]) => ({ startTime: T0, endTime: T1, attributes, value })),
  };
}

export function exponentialHistogram(name: string, points: Array<[Attributes, ExponentialHistogram]>, opts: { unit?: string } = {}): MetricData {
  return {
    descriptor: descriptor(name, opts.unit),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
    dataPoints: points.map(([attributes, value]) => ({ startTime: T0, endTime: T1, attributes, value })),
  };
}

export function resourceMetrics(
  scopes: Array<{ name: string; version?: string; schemaUrl?: string; attributes?: Attributes; metrics: MetricData[] }>,
  resource: Attributes | undefined = undefined,
): ResourceMetrics {
  return {
    resource: resource === undefined ? emptyResource() : resourceFromAttributes(resource),
    scopeMetrics: scopes.map(({ metrics, ...scope }) => ({ scope, metrics })),
  };
}

/** Lines of an exposition, for exact comparisons that read well in a diff. */
export function lines(text: string): string[] {
  return text.split('\n');
}

/** `metric` with `exemplars[i]` attached to its point i (points beyond the list get none). */
export function withExemplars(metric: MetricData, ...exemplars: Exemplar[][]): MetricData {
  const points = metric.dataPoints as Array<MetricData['dataPoints'][number]>;
  return { ...metric, dataPoints: points.map((point, i) => ({ ...point, exemplars: exemplars[i] ?? [] })) } as MetricData;
}

export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';

/** An exemplar of `value` at 1700000005.25 s, with the ids above unless `spanless`. */
export function exemplar(value: number, filteredAttributes: Attributes = {}, options: { spanless?: boolean; at?: [number, number] } = {}): Exemplar {
  return {
    filteredAttributes,
    value,
    timestamp: options.at ?? [1700000005, 250_000_000],
    ...(options.spanless ? {} : { traceId: TRACE_ID, spanId: SPAN_ID }),
  };
}
