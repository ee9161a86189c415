// ExportMetricsServiceRequest in OTLP/JSON (protocol/otlp.md, "JSON Protobuf Encoding"): the
// protobuf JSON mapping with lowerCamelCase names, enums as integers, 64-bit integers as
// decimal strings, trace and span ids as hex, bytes as base64, and the JSON mapping's
// "NaN" / "Infinity" / "-Infinity" strings for non-finite doubles. Written as text directly
// from the data model (no object graph, no JSON.stringify of the request); the text of each
// chunk of points becomes a Buffer at once, so no single string grows with the request.
//
// Where @opentelemetry/otlp-transformer's JSON differs (it writes 64-bit integers as numbers
// and non-finite doubles as null), this follows the specification.
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { isInt64 } from './attributes-proto';
import { exemplarsOf, flagsOf, hexIdBytes, type Exemplar } from './exemplar';
import { hrTimeToDecimal, int64ToDecimal } from './int64-parts';
import { CHUNK_DONE, POINTS_PER_CHUNK } from './slice-clock';

const hasOwn = Object.prototype.hasOwnProperty;
const q = JSON.stringify;

export function jsonDouble(value: number): string {
  if (value === value && value !== Infinity && value !== -Infinity) return Object.is(value, -0) ? '-0' : String(value);
  return value !== value ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}

function jsonUint64(value: number): string {
  return Number.isSafeInteger(value) && value >= 0 ? `"${value}"` : `"${int64ToDecimal(Math.max(0, value))}"`;
}

const NINE_ZEROS = '000000000';

/** Decimal nanoseconds of an HrTime, as a JSON string. */
function jsonTime(time: HrTime): string {
  const [s, ns] = time;
  if (Number.isSafeInteger(s) && s > 0 && Number.isInteger(ns) && ns >= 0 && ns < 1e9) {
    const n = String(ns);
    return `"${s}${NINE_ZEROS.slice(n.length)}${n}"`;
  }
  return `"${hrTimeToDecimal(s, ns)}"`;
}

export function jsonAttributes(attributes: object): string {
  let out = '[';
  for (const key in attributes) {
    if (!hasOwn.call(attributes, key)) continue;
    if (out.length > 1) out += ',';
    out += `{"key":${q(key)},"value":${jsonAnyValue((attributes as Record<string, unknown>)[key])}}`;
  }
  return out + ']';
}

function jsonAnyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${q(value)}}`;
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'number':
      return isInt64(value) ? `{"intValue":"${int64ToDecimal(value)}"}` : `{"doubleValue":${jsonDouble(value)}}`;
    case 'object': {
      if (value === null) return '{}';
      if (value instanceof Uint8Array) return `{"bytesValue":"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"}`;
      if (Array.isArray(value)) return `{"arrayValue":{"values":[${value.map(jsonAnyValue).join(',')}]}}`;
      return `{"kvlistValue":{"values":${jsonAttributes(value)}}}`;
    }
    default:
      return '{}';
  }
}

function jsonTemporality(t: AggregationTemporality): number {
  return t === AggregationTemporality.DELTA ? 1 : t === AggregationTemporality.CUMULATIVE ? 2 : 0;
}

/** Appends text and turns it into Buffers chunk by chunk. */
class JsonOut {
  text = '';
  readonly chunks: Buffer[] = [];
  flush(): void {
    if (this.text.length === 0) return;
    this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

export function* encodeMetricsJson(metrics: ResourceMetrics): Generator<number, Uint8Array> {
  const out = new JsonOut();
  const resource = metrics.resource;
  out.text += `{"resourceMetrics":[{"resource":{"attributes":${jsonAttributes(resource.attributes ?? {})},"droppedAttributesCount":0},"scopeMetrics":[`;
  let firstScope = true;
  for (const sm of metrics.scopeMetrics) {
    const scope = sm.scope as { name: string; version?: string; schemaUrl?: string; attributes?: Attributes; droppedAttributesCount?: number };
    out.text += `${firstScope ? '' : ','}{"scope":{"name":${q(scope.name ?? '')}`;
    firstScope = false;
    if (scope.version) out.text += `,"version":${q(scope.version)}`;
    if (scope.attributes) out.text += `,"attributes":${jsonAttributes(scope.attributes)}`;
    if (scope.droppedAttributesCount) out.text += `,"droppedAttributesCount":${scope.droppedAttributesCount >>> 0}`;
    out.text += '},"metrics":[';
    for (let m = 0; m < sm.metrics.length; m++) {
      if (m > 0) out.text += ',';
      yield* metricJson(out, sm.metrics[m]);
    }
    out.text += ']';
    if (scope.schemaUrl) out.text += `,"schemaUrl":${q(scope.schemaUrl)}`;
    out.text += '}';
  }
  out.text += ']';
  if (resource.schemaUrl) out.text += `,"schemaUrl":${q(resource.schemaUrl)}`;
  out.text += '}]}';
  out.flush();
  return out.chunks.length === 1 ? out.chunks[0] : Buffer.concat(out.chunks);
}

function dataName(type: DataPointType): string {
  switch (type) {
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.SUM:
      return 'sum';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return 'exponentialHistogram';
  }
}

function* metricJson(out: JsonOut, metric: MetricData): Generator<number, void> {
  const { descriptor } = metric;
  out.text += `{"name":${q(descriptor.name)}`;
  if (descriptor.description) out.text += `,"description":${q(descriptor.description)}`;
  if (descriptor.unit) out.text += `,"unit":${q(descriptor.unit)}`;
  out.text += `,"${dataName(metric.dataPointType)}":{"dataPoints":[`;
  const isInt = descriptor.valueType === ValueType.INT;
  const points = metric.dataPoints;
  for (let start = 0; start < points.length; start += POINTS_PER_CHUNK) {
    const end = Math.min(points.length, start + POINTS_PER_CHUNK);
    let text = '';
    for (let i = start; i < end; i++) {
      if (i > 0) text += ',';
      switch (metric.dataPointType) {
        case DataPointType.SUM:
        case DataPointType.GAUGE:
          text += numberPointJson(metric.dataPoints[i], isInt);
          break;
        case DataPointType.HISTOGRAM:
          text += histogramPointJson(metric.dataPoints[i], isInt);
          break;
        case DataPointType.EXPONENTIAL_HISTOGRAM:
          text += exponentialPointJson(metric.dataPoints[i], isInt);
          break;
      }
    }
    out.text += text;
    out.flush();
    yield CHUNK_DONE;
  }
  out.text += ']';
  if (metric.dataPointType !== DataPointType.GAUGE) {
    const t = jsonTemporality(metric.aggregationTemporality);
    if (t !== 0) out.text += `,"aggregationTemporality":${t}`;
  }
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) out.text += ',"isMonotonic":true';
  out.text += '}}';
}

function value(v: number, isInt: boolean): string {
  return isInt ? `"asInt":"${int64ToDecimal(v)}"` : `"asDouble":${jsonDouble(v)}`;
}

function exemplarJson(e: Exemplar, isInt: boolean): string {
  let out = `{"filteredAttributes":${jsonAttributes(e.filteredAttributes ?? {})},"timeUnixNano":${jsonTime(e.timestamp)},${value(e.value, isInt)}`;
  if (hexIdBytes(e.spanId, 8)) out += `,"spanId":"${e.spanId!.toLowerCase()}"`;
  if (hexIdBytes(e.traceId, 16)) out += `,"traceId":"${e.traceId!.toLowerCase()}"`;
  return out + '}';
}

/** `,"flags":n` and `,"exemplars":[...]` when the point has them. */
function extrasJson(point: object, isInt: boolean): string {
  let out = '';
  const flags = flagsOf(point);
  if (flags) out += `,"flags":${flags}`;
  const exemplars = exemplarsOf(point);
  if (exemplars) out += `,"exemplars":[${exemplars.map((e) => exemplarJson(e, isInt)).join(',')}]`;
  return out;
}

function times(point: DataPoint<unknown>): string {
  return `"startTimeUnixNano":${jsonTime(point.startTime)},"timeUnixNano":${jsonTime(point.endTime)}`;
}

function numberPointJson(point: DataPoint<number>, isInt: boolean): string {
  return `{"attributes":${jsonAttributes(point.attributes)},${times(point)},${value(point.value, isInt)}${extrasJson(point, isInt)}}`;
}

function optionalDoubles(h: { sum?: number; min?: number; max?: number }): string {
  let out = '';
  if (h.sum !== undefined) out += `,"sum":${jsonDouble(h.sum)}`;
  if (h.min !== undefined) out += `,"min":${jsonDouble(h.min)}`;
  if (h.max !== undefined) out += `,"max":${jsonDouble(h.max)}`;
  return out;
}

function histogramPointJson(point: DataPoint<Histogram>, isInt: boolean): string {
  const h = point.value;
  let counts = '';
  for (let i = 0; i < h.buckets.counts.length; i++) counts += (i > 0 ? ',' : '') + jsonUint64(h.buckets.counts[i]);
  let bounds = '';
  for (let i = 0; i < h.buckets.boundaries.length; i++) bounds += (i > 0 ? ',' : '') + jsonDouble(h.buckets.boundaries[i]);
  return `{"attributes":${jsonAttributes(point.attributes)},${times(point)},"count":${jsonUint64(h.count)}${optionalDoubles(h)},"bucketCounts":[${counts}],"explicitBounds":[${bounds}]${extrasJson(point, isInt)}}`;
}

function bucketsJson(b: { offset: number; bucketCounts: readonly number[] }): string {
  let counts = '';
  for (let i = 0; i < b.bucketCounts.length; i++) counts += (i > 0 ? ',' : '') + jsonUint64(b.bucketCounts[i]);
  return `{"offset":${b.offset | 0},"bucketCounts":[${counts}]}`;
}

function exponentialPointJson(point: DataPoint<ExponentialHistogram>, isInt: boolean): string {
  const h = point.value;
  return `{"attributes":${jsonAttributes(point.attributes)},${times(point)},"count":${jsonUint64(h.count)}${optionalDoubles(h)},"scale":${h.scale | 0},"zeroCount":${jsonUint64(h.zeroCount)},"positive":${bucketsJson(h.positive)},"negative":${bucketsJson(h.negative)}${extrasJson(point, isInt)}}`;
}
