// ExportMetricsServiceRequest in protobuf (opentelemetry/proto/collector/metrics/v1 and
// metrics/v1, field numbers in the comments), straight from meterkit's data model: a sizing
// pass computes every length (SizeQueue), the buffer is allocated once at the exact size, a
// writing pass fills it. Both passes are generators that yield after every chunk of points, so
// the caller decides whether to pause between chunks (runSliced) or not (runToEnd).
// The data points are in points-proto.ts.
import { ValueType, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { OTLPExporterError } from '../errors';
import { sizeAttributes, sizeString, fieldSize, SizeQueue, writeAttributes } from './attributes-proto';
import { sizePoints, writePoints } from './points-proto';
import { ProtoWriter } from './proto-writer';
import { CHUNK_DONE, POINTS_PER_CHUNK } from './slice-clock';
import { varintSize32 } from './wire-sizes';

const EMPTY: Attributes = {};

/** AggregationTemporality of the proto: DELTA = 1, CUMULATIVE = 2. */
function protoTemporality(t: AggregationTemporality): number {
  return t === AggregationTemporality.DELTA ? 1 : t === AggregationTemporality.CUMULATIVE ? 2 : 0;
}

/** Encodes one ResourceMetrics as an ExportMetricsServiceRequest. */
export function* encodeMetricsProto(metrics: ResourceMetrics): Generator<number, Uint8Array> {
  // Two entries per attribute of a point (KeyValue, AnyValue) and one per point: 8 fits 3.
  let points = 0;
  for (const scope of metrics.scopeMetrics) for (const metric of scope.metrics) points += metric.dataPoints.length;
  const q = new SizeQueue(64 + points * 8);
  // Read once: Resource.attributes is a getter, and both passes must see the same object.
  const resourceAttributes = metrics.resource.attributes ?? EMPTY;
  const schemaUrl = metrics.resource.schemaUrl;

  // Sizing. ResourceMetrics body: resource = 1, scope_metrics = 2, schema_url = 3.
  const rmAt = q.open();
  const resourceAt = q.open();
  const resourceBody = sizeAttributes(q, resourceAttributes);
  q.sizes[resourceAt] = resourceBody;
  let rmBody = fieldSize(resourceBody);
  for (const scope of metrics.scopeMetrics) rmBody += yield* sizeScopeMetrics(q, scope);
  if (schemaUrl) rmBody += sizeString(schemaUrl);
  q.sizes[rmAt] = rmBody;

  const total = fieldSize(rmBody);
  const w = new ProtoWriter(total);
  w.buf[w.pos++] = 0x0a; // ExportMetricsServiceRequest.resource_metrics = 1
  w.varint32(q.next());
  w.buf[w.pos++] = 0x0a; // resource = 1
  w.varint32(q.next());
  writeAttributes(w, q, resourceAttributes, 1); // Resource.attributes = 1
  for (const scope of metrics.scopeMetrics) yield* writeScopeMetrics(w, q, scope);
  if (schemaUrl) {
    w.buf[w.pos++] = 0x1a;
    w.text(schemaUrl);
  }
  // The data must not change between the passes (exported data is immutable); if it did, the
  // sizes no longer match and the request is refused rather than sent corrupt.
  if (w.pos !== total || q.r !== q.n) {
    throw new OTLPExporterError('OTLP encoding: the metric data changed while it was being encoded');
  }
  return w.buf;
}

function scopeAttributes(scope: ScopeMetrics['scope']): Attributes | undefined {
  return (scope as { attributes?: Attributes }).attributes;
}

function scopeDropped(scope: ScopeMetrics['scope']): number {
  const n = (scope as { droppedAttributesCount?: number }).droppedAttributesCount;
  return typeof n === 'number' && n > 0 ? n >>> 0 : 0;
}

function* sizeScopeMetrics(q: SizeQueue, sm: ScopeMetrics): Generator<number, number> {
  const at = q.open();
  // InstrumentationScope: name = 1, version = 2, attributes = 3, dropped_attributes_count = 4.
  const scopeAt = q.open();
  const { scope } = sm;
  let scopeBody = sizeString(scope.name ?? '');
  if (scope.version) scopeBody += sizeString(scope.version);
  const attributes = scopeAttributes(scope);
  if (attributes) scopeBody += sizeAttributes(q, attributes);
  const dropped = scopeDropped(scope);
  if (dropped) scopeBody += 1 + varintSize32(dropped);
  q.sizes[scopeAt] = scopeBody;
  // ScopeMetrics: scope = 1, metrics = 2, schema_url = 3.
  let body = fieldSize(scopeBody);
  for (const metric of sm.metrics) body += yield* sizeMetric(q, metric);
  if (scope.schemaUrl) body += sizeString(scope.schemaUrl);
  q.sizes[at] = body;
  return fieldSize(body);
}

function* writeScopeMetrics(w: ProtoWriter, q: SizeQueue, sm: ScopeMetrics): Generator<number, void> {
  const { scope } = sm;
  w.buf[w.pos++] = 0x12; // ResourceMetrics.scope_metrics = 2
  w.varint32(q.next());
  w.buf[w.pos++] = 0x0a; // scope = 1
  w.varint32(q.next());
  w.buf[w.pos++] = 0x0a;
  w.text(scope.name ?? '');
  if (scope.version) {
    w.buf[w.pos++] = 0x12;
    w.text(scope.version);
  }
  const attributes = scopeAttributes(scope);
  if (attributes) writeAttributes(w, q, attributes, 3);
  const dropped = scopeDropped(scope);
  if (dropped) {
    w.buf[w.pos++] = 0x20;
    w.varint32(dropped);
  }
  for (const metric of sm.metrics) yield* writeMetric(w, q, metric);
  if (scope.schemaUrl) {
    w.buf[w.pos++] = 0x1a;
    w.text(scope.schemaUrl);
  }
}

/** Metric.data field tag: gauge = 5, sum = 7, histogram = 9, exponential_histogram = 10. */
function dataTag(type: DataPointType): number {
  switch (type) {
    case DataPointType.GAUGE:
      return 0x2a;
    case DataPointType.SUM:
      return 0x3a;
    case DataPointType.HISTOGRAM:
      return 0x4a;
    default:
      return 0x52;
  }
}

function* sizeMetric(q: SizeQueue, metric: MetricData): Generator<number, number> {
  const at = q.open();
  const { descriptor } = metric;
  let body = sizeString(descriptor.name);
  if (descriptor.description) body += sizeString(descriptor.description);
  if (descriptor.unit) body += sizeString(descriptor.unit);
  const dataAt = q.open();
  const isInt = descriptor.valueType === ValueType.INT;
  const points = metric.dataPoints;
  let data = 0;
  for (let start = 0; start < points.length; start += POINTS_PER_CHUNK) {
    const end = Math.min(points.length, start + POINTS_PER_CHUNK);
    data += sizePoints(q, metric, isInt, start, end);
    yield CHUNK_DONE;
  }
  // Sum, Histogram, ExponentialHistogram: aggregation_temporality = 2; Sum: is_monotonic = 3.
  if (metric.dataPointType !== DataPointType.GAUGE && protoTemporality(metric.aggregationTemporality) !== 0) data += 2;
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) data += 2;
  q.sizes[dataAt] = data;
  body += fieldSize(data);
  q.sizes[at] = body;
  return fieldSize(body);
}

function* writeMetric(w: ProtoWriter, q: SizeQueue, metric: MetricData): Generator<number, void> {
  const { descriptor } = metric;
  w.buf[w.pos++] = 0x12; // ScopeMetrics.metrics = 2
  w.varint32(q.next());
  w.buf[w.pos++] = 0x0a; // name = 1
  w.text(descriptor.name);
  if (descriptor.description) {
    w.buf[w.pos++] = 0x12; // description = 2
    w.text(descriptor.description);
  }
  if (descriptor.unit) {
    w.buf[w.pos++] = 0x1a; // unit = 3
    w.text(descriptor.unit);
  }
  w.buf[w.pos++] = dataTag(metric.dataPointType);
  w.varint32(q.next());
  const isInt = descriptor.valueType === ValueType.INT;
  const points = metric.dataPoints;
  for (let start = 0; start < points.length; start += POINTS_PER_CHUNK) {
    writePoints(w, q, metric, isInt, start, Math.min(points.length, start + POINTS_PER_CHUNK));
    yield CHUNK_DONE;
  }
  const temporality = metric.dataPointType === DataPointType.GAUGE ? 0 : protoTemporality(metric.aggregationTemporality);
  if (temporality !== 0) {
    w.buf[w.pos++] = 0x10;
    w.buf[w.pos++] = temporality;
  }
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) {
    w.buf[w.pos++] = 0x18;
    w.buf[w.pos++] = 1;
  }
}

