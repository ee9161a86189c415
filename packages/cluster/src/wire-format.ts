// The wire format of one worker's metric state, sent to the primary on each collection.
//
// Why not JSON of the objects: the IPC channel of `cluster` serializes with JSON by default,
// which turns NaN and ±Infinity into null and -0 into 0, and repeats every name and attribute
// key per point. Here measured values and times go into a Float64 array (NaN, ±Infinity and
// -0 exact), the structure (counts, tags, string indices, bucket counts) into a byte array of
// zigzag varints (most are one byte), and every string goes once into a string table that the
// structure refers to by index. Times are written once and then referred to by index
// (in one collection, points share a handful of start and end times). Over a MessagePort the arrays
// are sent as they are (structured clone); over the cluster IPC channel they travel base64-
// encoded in strings. tools/bench (cluster rows) measures the size against prom-client's JSON.
//
// Each point carries its exemplars (version 2; version 1 had none, so workers' exemplars
// never reached the primary's exporters).
//
// Versioned: WIRE_VERSION changes with any change of the layout below. The envelope fields
// (`t`, `v`, `id`) never change, so any two versions can tell each other they differ.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { Reader, toBytes, toFloat64 } from './wire-reader';
import { Writer } from './wire-writer';

/** Version of the wire format between workers and the primary; a mismatch is reported, never read. */
export const WIRE_VERSION = 2;

/** The encoded state: the string table and the numbers. */
export interface EncodedState {
  s: string[];
  /** Structure as zigzag varints: a Uint8Array (MessagePort) or base64 (cluster IPC, JSON-serialized). */
  b: Uint8Array | string;
  /** Values and times: a Float64Array (MessagePort) or its bytes in base64. */
  n: Float64Array | string;
}

// Attribute value tags.
const STRING = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;
const ARRAY = 4;
const NULLISH = 5;
/** A safe integer number (not -0): a varint instead of 8 bytes. */
const INTEGER = 6;

function writeValue(w: Writer, value: AttributeValue | undefined | null): void {
  if (typeof value === 'string') {
    w.int(STRING);
    w.str(value);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      w.int(INTEGER);
      w.int(value);
    } else {
      w.int(NUMBER);
      w.num(value);
    }
  } else if (typeof value === 'boolean') {
    w.int(value ? TRUE : FALSE);
  } else if (Array.isArray(value)) {
    w.int(ARRAY);
    w.int(value.length);
    for (const item of value) writeValue(w, item as AttributeValue);
  } else {
    w.int(NULLISH);
  }
}

function writeAttributes(w: Writer, attributes: Attributes): void {
  const keys = Object.keys(attributes);
  w.int(keys.length);
  for (const key of keys) {
    w.str(key);
    writeValue(w, attributes[key]);
  }
}

function writePointValue(w: Writer, type: DataPointType, value: unknown): void {
  if (type === DataPointType.SUM || type === DataPointType.GAUGE) {
    w.value(value as number);
  } else if (type === DataPointType.HISTOGRAM) {
    const h = value as Histogram;
    w.nums(h.buckets.boundaries);
    w.ints(h.buckets.counts);
    w.int(h.count);
    w.optNum(h.sum);
    w.optNum(h.min);
    w.optNum(h.max);
  } else {
    const e = value as ExponentialHistogram;
    w.int(e.count);
    w.optNum(e.sum);
    w.int(e.scale);
    w.int(e.zeroCount);
    w.int(e.positive.offset);
    w.ints(e.positive.bucketCounts);
    w.int(e.negative.offset);
    w.ints(e.negative.bucketCounts);
    w.optNum(e.min);
    w.optNum(e.max);
  }
}

/** A point's exemplars: count, then per exemplar its filtered attributes, value, time and span/trace ids. */
function writeExemplars(w: Writer, exemplars: readonly Exemplar[] | undefined): void {
  if (exemplars === undefined) {
    w.int(0);
    return;
  }
  w.int(exemplars.length);
  for (const e of exemplars) {
    writeAttributes(w, e.filteredAttributes);
    w.num(e.value);
    w.time(e.timestamp);
    w.optStr(e.spanId);
    w.optStr(e.traceId);
  }
}

/** Encodes the scopes of one collection. */
export function encodeState(scopes: ScopeMetrics[], binary: boolean): EncodedState {
  const w = new Writer();
  w.int(scopes.length);
  for (const { scope, metrics } of scopes) {
    w.str(scope.name);
    w.optStr(scope.version);
    w.optStr(scope.schemaUrl);
    w.int(metrics.length);
    for (const metric of metrics) {
      w.str(metric.descriptor.name);
      w.str(metric.descriptor.description);
      w.str(metric.descriptor.unit);
      w.int(metric.descriptor.valueType);
      w.int(metric.aggregationTemporality);
      w.int(metric.dataPointType);
      w.int(metric.dataPointType === DataPointType.SUM && metric.isMonotonic ? 1 : 0);
      const points = metric.dataPoints as DataPoint<unknown>[];
      w.int(points.length);
      for (const p of points) {
        w.time(p.startTime);
        w.time(p.endTime);
        writeAttributes(w, p.attributes);
        writePointValue(w, metric.dataPointType, p.value);
        writeExemplars(w, p.exemplars);
      }
    }
  }
  const floats = Float64Array.from(w.numbers);
  const bytes = w.bytes.subarray(0, w.length);
  if (binary) return { s: w.strings, b: bytes.slice(), n: floats };
  return {
    s: w.strings,
    b: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    n: Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64'),
  };
}

function readValue(r: Reader): AttributeValue | undefined {
  const tag = r.int();
  switch (tag) {
    case STRING: return r.str();
    case NUMBER: return r.num();
    case INTEGER: return r.int();
    case TRUE: return true;
    case FALSE: return false;
    case ARRAY: {
      const length = r.int();
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) out.push(readValue(r) ?? null);
      return out as AttributeValue;
    }
    case NULLISH: return undefined;
    default: throw new Error(`unknown attribute tag ${tag} in metric state`);
  }
}

function readPointValue(r: Reader, type: DataPointType): unknown {
  if (type === DataPointType.SUM || type === DataPointType.GAUGE) return r.int() === 1 ? r.int() : r.num();
  if (type === DataPointType.HISTOGRAM) {
    const boundaries = r.nums();
    const counts = r.ints();
    const h: Histogram = { buckets: { boundaries, counts }, count: r.int(), sum: r.optNum(), min: r.optNum(), max: r.optNum() };
    return h;
  }
  if (type === DataPointType.EXPONENTIAL_HISTOGRAM) {
    const count = r.int();
    const sum = r.optNum();
    const scale = r.int();
    const zeroCount = r.int();
    const positive = { offset: r.int(), bucketCounts: r.ints() };
    const negative = { offset: r.int(), bucketCounts: r.ints() };
    const e: ExponentialHistogram = { count, sum, scale, zeroCount, positive, negative, min: r.optNum(), max: r.optNum() };
    return e;
  }
  throw new Error(`unknown point type ${type as number} in metric state`);
}

function readAttributes(r: Reader): Attributes {
  const attributes: Attributes = {};
  const count = r.int();
  for (let i = 0; i < count; i++) {
    const key = r.str();
    attributes[key] = readValue(r);
  }
  return attributes;
}

/** The exemplars of the many points that have none: one shared array (points are read-only data). */
const NO_EXEMPLARS = Object.freeze([]) as unknown as Exemplar[];

function readExemplars(r: Reader): Exemplar[] {
  const count = r.int();
  if (count === 0) return NO_EXEMPLARS;
  const exemplars: Exemplar[] = [];
  for (let i = 0; i < count; i++) {
    const filteredAttributes = readAttributes(r);
    const value = r.num();
    const timestamp = r.time();
    const spanId = r.optStr();
    const traceId = r.optStr();
    exemplars.push({ filteredAttributes, value, timestamp, spanId, traceId });
  }
  return exemplars;
}

/** Decodes what encodeState produced; throws on malformed input. */
export function decodeState(state: EncodedState): ScopeMetrics[] {
  const r = new Reader(toBytes(state.b), toFloat64(state.n), state.s);
  const scopes: ScopeMetrics[] = [];
  const scopeCount = r.int();
  for (let si = 0; si < scopeCount; si++) {
    const scope = { name: r.str(), version: r.optStr(), schemaUrl: r.optStr() };
    const metrics: MetricData[] = [];
    const metricCount = r.int();
    for (let mi = 0; mi < metricCount; mi++) {
      const descriptor = { name: r.str(), description: r.str(), unit: r.str(), valueType: r.int() };
      const aggregationTemporality = r.int() as AggregationTemporality;
      const dataPointType = r.int() as DataPointType;
      const isMonotonic = r.int() === 1;
      const dataPoints: DataPoint<unknown>[] = [];
      const pointCount = r.int();
      for (let pi = 0; pi < pointCount; pi++) {
        const startTime = r.time();
        const endTime = r.time();
        const attributes = readAttributes(r);
        const value = readPointValue(r, dataPointType);
        dataPoints.push({ startTime, endTime, attributes, value, exemplars: readExemplars(r) });
      }
      const base = { descriptor, aggregationTemporality, dataPointType, dataPoints };
      metrics.push((dataPointType === DataPointType.SUM ? { ...base, isMonotonic } : base) as MetricData);
    }
    scopes.push({ scope, metrics });
  }
  if (!r.done) throw new Error('trailing data in metric state');
  return scopes;
}
