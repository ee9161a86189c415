// Builds the printed document from meterkit's ResourceMetrics. The shape follows OTLP's
// ExportMetricsServiceRequest (resource_metrics → scope_metrics → metrics → data_points)
// with snake_case field names, like the console exporters of the other OpenTelemetry SDKs,
// so what a developer reads here is what an OTLP backend will receive. A point's exemplars
// are printed under `exemplars` (OTLP's field names), and only when it has some.
import type { HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { toSafeValue, truncateString, type SafeJson, type SafeValueLimits } from './safe-value';

/**
 * OTLP's AggregationTemporality enum (metrics.proto): DELTA = 1, CUMULATIVE = 2. These are the
 * numbers every OTLP backend and every other SDK's console exporter prints; meterkit's own
 * enum (DELTA = 0, CUMULATIVE = 1, as in @opentelemetry/sdk-metrics) is an in-process detail.
 */
export const OTLP_TEMPORALITY = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;

export type OtlpMetricType = 'sum' | 'gauge' | 'histogram' | 'exponential_histogram';

/**
 * The temporality of a sum or histogram: OTLP's number, which OTLP/JSON requires enums to be
 * written as, and beside it its name, because two numbering schemes meet here (OTLP's in this
 * output, the data model's DELTA = 0 / CUMULATIVE = 1 in InMemoryMetricExporter's) and a
 * number alone is easily read in the wrong one. The extra field keeps the document OTLP-shaped
 * JSON: OTLP/JSON receivers must ignore fields with unknown names.
 */
function temporalityFields(temporality: AggregationTemporality): {
  aggregation_temporality: number;
  aggregation_temporality_name: 'DELTA' | 'CUMULATIVE' | 'UNSPECIFIED';
} {
  switch (temporality) {
    case AggregationTemporality.DELTA:
      return { aggregation_temporality: OTLP_TEMPORALITY.DELTA, aggregation_temporality_name: 'DELTA' };
    case AggregationTemporality.CUMULATIVE:
      return { aggregation_temporality: OTLP_TEMPORALITY.CUMULATIVE, aggregation_temporality_name: 'CUMULATIVE' };
    default:
      return { aggregation_temporality: OTLP_TEMPORALITY.UNSPECIFIED, aggregation_temporality_name: 'UNSPECIFIED' };
  }
}

/**
 * Nanoseconds since the epoch as a decimal string. The value does not fit in a double
 * (≈1.7e18 > 2^53), so a JSON number would be rounded by every JavaScript reader; OTLP/JSON
 * writes 64-bit integers as strings for the same reason.
 */
export function hrTimeToNanosString(time: HrTime): string {
  try {
    const [seconds, nanos] = time;
    return (BigInt(Math.trunc(seconds)) * 1_000_000_000n + BigInt(Math.trunc(nanos))).toString();
  } catch {
    return String(toSafeValue(time));
  }
}

function basePoint(point: DataPoint<unknown>, limits: SafeValueLimits): { [key: string]: SafeJson } {
  return {
    attributes: toSafeValue(point.attributes ?? {}, limits),
    start_time_unix_nano: hrTimeToNanosString(point.startTime),
    time_unix_nano: hrTimeToNanosString(point.endTime),
  };
}

/**
 * OTLP's Exemplar with its field names (`value` as for points): the measurement's value and
 * time, the span it was recorded in, and the attributes the view filtered out. Foreign data
 * is not trusted: every field goes through the safe serializer, and there are at most
 * `maxEntries` of them.
 */
function exemplarDocument(exemplar: unknown, limits: SafeValueLimits): SafeJson {
  if (exemplar === null || typeof exemplar !== 'object') return toSafeValue(exemplar, limits);
  try {
    const e = exemplar as Partial<Exemplar>;
    const out: { [key: string]: SafeJson } = {
      filtered_attributes: toSafeValue(e.filteredAttributes ?? {}, limits),
      time_unix_nano: hrTimeToNanosString(e.timestamp as HrTime),
      value: toSafeValue(e.value, limits),
    };
    if (e.spanId !== undefined) out.span_id = toSafeValue(e.spanId, limits);
    if (e.traceId !== undefined) out.trace_id = toSafeValue(e.traceId, limits);
    return out;
  } catch (error) {
    // A throwing getter or Proxy trap (foreign data): shown in place, like unreadable attributes.
    return `[Unreadable exemplar: ${truncateString(error instanceof Error ? error.message : 'unknown error', 200)}]`;
  }
}

/** `{ exemplars: [...] }` when the point has any, else `{}` (OTLP/JSON leaves empty lists out). */
function exemplarsField(point: DataPoint<unknown>, limits: SafeValueLimits): { exemplars?: SafeJson } {
  let exemplars: unknown;
  try {
    exemplars = point.exemplars;
  } catch {
    return {};
  }
  if (!Array.isArray(exemplars) || exemplars.length === 0) return {};
  const shown = exemplars.slice(0, limits.maxEntries).map((e) => exemplarDocument(e, limits));
  if (exemplars.length > shown.length) shown.push(`…[+${exemplars.length - shown.length} items]`);
  return { exemplars: shown };
}

/** How many exemplars the points of `metrics` carry (for the pretty header). */
export function countExemplars(metrics: ResourceMetrics): number {
  let count = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const points: Array<DataPoint<unknown>> = metric.dataPoints;
      for (const point of points) {
        try {
          if (Array.isArray(point.exemplars)) count += point.exemplars.length;
        } catch {
          // unreadable (foreign data): counted as none; the document shows why
        }
      }
    }
  }
  return count;
}

function numberPoint(point: DataPoint<number>, limits: SafeValueLimits): SafeJson {
  return { ...basePoint(point, limits), value: toSafeValue(point.value, limits), ...exemplarsField(point, limits) };
}

function histogramPoint(point: DataPoint<Histogram>, limits: SafeValueLimits): SafeJson {
  const h = point.value;
  const out: { [key: string]: SafeJson } = { ...basePoint(point, limits), count: toSafeValue(h.count) };
  // sum/min/max are optional in OTLP (absent when not meaningful): printed only when present.
  if (h.sum !== undefined) out.sum = toSafeValue(h.sum);
  out.bucket_counts = toSafeValue(Array.from(h.buckets.counts), limits);
  out.explicit_bounds = toSafeValue(Array.from(h.buckets.boundaries), limits);
  if (h.min !== undefined) out.min = toSafeValue(h.min);
  if (h.max !== undefined) out.max = toSafeValue(h.max);
  return { ...out, ...exemplarsField(point, limits) };
}

function exponentialHistogramPoint(point: DataPoint<ExponentialHistogram>, limits: SafeValueLimits): SafeJson {
  const h = point.value;
  const out: { [key: string]: SafeJson } = { ...basePoint(point, limits), count: toSafeValue(h.count) };
  if (h.sum !== undefined) out.sum = toSafeValue(h.sum);
  out.scale = toSafeValue(h.scale);
  out.zero_count = toSafeValue(h.zeroCount);
  out.positive = { offset: toSafeValue(h.positive.offset), bucket_counts: toSafeValue(Array.from(h.positive.bucketCounts), limits) };
  out.negative = { offset: toSafeValue(h.negative.offset), bucket_counts: toSafeValue(Array.from(h.negative.bucketCounts), limits) };
  if (h.min !== undefined) out.min = toSafeValue(h.min);
  if (h.max !== undefined) out.max = toSafeValue(h.max);
  return { ...out, ...exemplarsField(point, limits) };
}

function metricDocument(metric: MetricData, limits: SafeValueLimits): SafeJson {
  const d = metric.descriptor;
  const head = {
    name: truncateString(String(d.name), limits.maxStringLength),
    description: truncateString(String(d.description ?? ''), limits.maxStringLength),
    unit: truncateString(String(d.unit ?? ''), limits.maxStringLength),
  };
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return {
        ...head,
        type: 'sum',
        data: {
          data_points: metric.dataPoints.map((p) => numberPoint(p, limits)),
          ...temporalityFields(metric.aggregationTemporality),
          is_monotonic: metric.isMonotonic,
        },
      };
    case DataPointType.GAUGE:
      // OTLP gauges carry no temporality: each point is a current value.
      return { ...head, type: 'gauge', data: { data_points: metric.dataPoints.map((p) => numberPoint(p, limits)) } };
    case DataPointType.HISTOGRAM:
      return {
        ...head,
        type: 'histogram',
        data: {
          data_points: metric.dataPoints.map((p) => histogramPoint(p, limits)),
          ...temporalityFields(metric.aggregationTemporality),
        },
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        ...head,
        type: 'exponential_histogram',
        data: {
          data_points: metric.dataPoints.map((p) => exponentialHistogramPoint(p, limits)),
          ...temporalityFields(metric.aggregationTemporality),
        },
      };
    default: {
      // A data point type this exporter does not know (a newer core): shown, not dropped.
      const unknown = metric as { dataPointType?: unknown; dataPoints?: unknown };
      return { ...head, type: `unknown(${String(unknown.dataPointType)})`, data: toSafeValue(unknown.dataPoints, limits) };
    }
  }
}

function scopeDocument(scopeMetrics: ScopeMetrics, limits: SafeValueLimits): SafeJson {
  const scope = scopeMetrics.scope;
  return {
    scope: {
      name: truncateString(String(scope.name ?? ''), limits.maxStringLength),
      version: truncateString(String(scope.version ?? ''), limits.maxStringLength),
      schema_url: truncateString(String(scope.schemaUrl ?? ''), limits.maxStringLength),
    },
    metrics: scopeMetrics.metrics.map((m) => metricDocument(m, limits)),
  };
}

/** The document for one export: `{ resource_metrics: [ ... ] }`. */
export function toOtlpDocument(metrics: ResourceMetrics, limits: SafeValueLimits): { resource_metrics: SafeJson[] } {
  const resource = metrics.resource;
  return {
    resource_metrics: [
      {
        resource: {
          attributes: toSafeValue(resource?.attributes ?? {}, limits),
          schema_url: truncateString(String(resource?.schemaUrl ?? ''), limits.maxStringLength),
        },
        scope_metrics: metrics.scopeMetrics.map((s) => scopeDocument(s, limits)),
      },
    ],
  };
}
