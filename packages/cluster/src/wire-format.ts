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
// Versioned: WIRE_VERSION changes with any change of the layout below. The envelope fields
// (`t`, `v`, `id`) never change, so any two versions can tell each other they differ.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';

export const WIRE_VERSION = 1;

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

class Writer {
  readonly numbers: number[] = [];
  readonly strings: string[] = [];
  bytes = new Uint8Array(1024);
  length = 0;
  private readonly index = new Map<string, number>();
  /** Times already written: seconds -> nanoseconds -> index in the order written. */
  private readonly timeIndex = new Map<number, Map<number, number>>();
  private timeCount = 0;

  /** A float (value or time): exact, NaN and ±Infinity included. */
  num(value: number): void {
    this.numbers.push(value);
  }

  /** An integer of the structure (safe range), as a zigzag varint. */
  int(value: number): void {
    if (this.length + 10 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    // Zigzag without 32-bit operators: values may exceed 2^31 (counts, offsets).
    let v = value < 0 ? -2 * value - 1 : 2 * value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  str(value: string): void {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    this.int(i);
  }

  /** Optional string: -1 when absent. */
  optStr(value: string | undefined): void {
    if (value === undefined) this.int(-1);
    else this.str(value);
  }

  /** A sum or gauge value: a safe integer (not -0) as a varint after a 1, any other number as a float after a 0. */
  value(value: number): void {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      this.int(1);
      this.int(value);
    } else {
      this.int(0);
      this.numbers.push(value);
    }
  }

  /** Optional float: a presence flag in the structure. */
  optNum(value: number | undefined): void {
    if (value === undefined) this.int(0);
    else {
      this.int(1);
      this.num(value);
    }
  }

  /** Floats (histogram boundaries). */
  nums(values: number[]): void {
    this.int(values.length);
    for (const v of values) this.numbers.push(v);
  }

  /** Integer counts (bucket counts are integers by the data model). */
  ints(values: number[]): void {
    this.int(values.length);
    for (const v of values) this.int(v);
  }

  /** A time: an index into the times written so far, or 0 and the time itself the first time. */
  time(t: readonly number[]): void {
    let byNanos = this.timeIndex.get(t[0]);
    if (!byNanos) {
      byNanos = new Map();
      this.timeIndex.set(t[0], byNanos);
    }
    const index = byNanos.get(t[1]);
    if (index !== undefined) {
      this.int(index + 1);
      return;
    }
    byNanos.set(t[1], this.timeCount++);
    this.int(0);
    this.numbers.push(t[0], t[1]);
  }
}

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

class Reader {
  private i = 0;
  private at = 0;
  private readonly timeTable: Array<[number, number]> = [];
  constructor(private readonly b: Uint8Array, private readonly n: Float64Array, private readonly s: string[]) {}

  num(): number {
    if (this.i >= this.n.length) throw new Error('truncated metric state');
    return this.n[this.i++];
  }

  int(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.b.length) throw new Error('truncated metric state');
      const byte = this.b[this.at++];
      v += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  }

  str(): string {
    const v = this.s[this.int()];
    if (v === undefined) throw new Error('bad string index in metric state');
    return v;
  }

  optStr(): string | undefined {
    const i = this.int();
    return i === -1 ? undefined : this.s[i];
  }

  optNum(): number | undefined {
    return this.int() === 1 ? this.num() : undefined;
  }

  nums(): number[] {
    const length = this.int();
    if (length < 0 || this.i + length > this.n.length) throw new Error('truncated metric state');
    const out = Array.from(this.n.subarray(this.i, this.i + length));
    this.i += length;
    return out;
  }

  ints(): number[] {
    const length = this.int();
    if (length < 0 || this.at + length > this.b.length) throw new Error('truncated metric state');
    const out: number[] = [];
    for (let k = 0; k < length; k++) out.push(this.int());
    return out;
  }

  /** A time written by Writer.time (the arrays are shared between points: never mutated). */
  time(): [number, number] {
    const ref = this.int();
    if (ref === 0) {
      const t: [number, number] = [this.num(), this.num()];
      this.timeTable.push(t);
      return t;
    }
    const t = this.timeTable[ref - 1];
    if (t === undefined) throw new Error('bad time index in metric state');
    return t;
  }


  get done(): boolean {
    return this.i === this.n.length && this.at === this.b.length;
  }
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

function toFloat64(n: Float64Array | string): Float64Array {
  if (typeof n !== 'string') return n;
  const bytes = Buffer.from(n, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new Error('truncated metric state');
  // Copy into an aligned buffer: a Buffer's byteOffset is not always a multiple of 8.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function toBytes(b: Uint8Array | string): Uint8Array {
  return typeof b === 'string' ? Buffer.from(b, 'base64') : b;
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
        const attributes: Attributes = {};
        const attributeCount = r.int();
        for (let ai = 0; ai < attributeCount; ai++) {
          const key = r.str();
          attributes[key] = readValue(r);
        }
        dataPoints.push({ startTime, endTime, attributes, value: readPointValue(r, dataPointType) });
      }
      const base = { descriptor, aggregationTemporality, dataPointType, dataPoints };
      metrics.push((dataPointType === DataPointType.SUM ? { ...base, isMonotonic } : base) as MetricData);
    }
    scopes.push({ scope, metrics });
  }
  if (!r.done) throw new Error('trailing data in metric state');
  return scopes;
}
