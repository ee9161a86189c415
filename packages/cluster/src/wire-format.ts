// The wire format of one worker's metric state, sent to the primary on each collection.
//
// Why not JSON of the objects: the IPC channel of `cluster` serializes with JSON by default,
// which turns NaN and ±Infinity into null and -0 into 0, and repeats every name and attribute
// key per point. Here every number (values, counts, times, structure) goes into one Float64
// array, which keeps NaN, ±Infinity and -0 exactly, and every string goes once into a string
// table that the numbers refer to by index. Over a MessagePort the Float64Array is sent as is
// (structured clone); over the cluster IPC channel it travels base64-encoded in a string.
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
  /** A Float64Array (MessagePort) or its bytes in base64 (cluster IPC, JSON-serialized). */
  n: Float64Array | string;
}

// Attribute value tags.
const STRING = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;
const ARRAY = 4;
const NULLISH = 5;

class Writer {
  readonly numbers: number[] = [];
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  num(value: number): void {
    this.numbers.push(value);
  }

  str(value: string): void {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    this.numbers.push(i);
  }

  /** Optional string or number: -1 / a presence flag. */
  optStr(value: string | undefined): void {
    if (value === undefined) this.numbers.push(-1);
    else this.str(value);
  }

  optNum(value: number | undefined): void {
    if (value === undefined) this.numbers.push(0);
    else this.numbers.push(1, value);
  }

  nums(values: number[]): void {
    this.numbers.push(values.length);
    for (const v of values) this.numbers.push(v);
  }
}

function writeValue(w: Writer, value: AttributeValue | undefined | null): void {
  if (typeof value === 'string') {
    w.num(STRING);
    w.str(value);
  } else if (typeof value === 'number') {
    w.num(NUMBER);
    w.num(value);
  } else if (typeof value === 'boolean') {
    w.num(value ? TRUE : FALSE);
  } else if (Array.isArray(value)) {
    w.num(ARRAY);
    w.num(value.length);
    for (const item of value) writeValue(w, item as AttributeValue);
  } else {
    w.num(NULLISH);
  }
}

function writeAttributes(w: Writer, attributes: Attributes): void {
  const keys = Object.keys(attributes);
  w.num(keys.length);
  for (const key of keys) {
    w.str(key);
    writeValue(w, attributes[key]);
  }
}

function writePointValue(w: Writer, type: DataPointType, value: unknown): void {
  if (type === DataPointType.SUM || type === DataPointType.GAUGE) {
    w.num(value as number);
  } else if (type === DataPointType.HISTOGRAM) {
    const h = value as Histogram;
    w.nums(h.buckets.boundaries);
    w.nums(h.buckets.counts);
    w.num(h.count);
    w.optNum(h.sum);
    w.optNum(h.min);
    w.optNum(h.max);
  } else {
    const e = value as ExponentialHistogram;
    w.num(e.count);
    w.optNum(e.sum);
    w.num(e.scale);
    w.num(e.zeroCount);
    w.num(e.positive.offset);
    w.nums(e.positive.bucketCounts);
    w.num(e.negative.offset);
    w.nums(e.negative.bucketCounts);
    w.optNum(e.min);
    w.optNum(e.max);
  }
}

/** Encodes the scopes of one collection. */
export function encodeState(scopes: ScopeMetrics[], binary: boolean): EncodedState {
  const w = new Writer();
  w.num(scopes.length);
  for (const { scope, metrics } of scopes) {
    w.str(scope.name);
    w.optStr(scope.version);
    w.optStr(scope.schemaUrl);
    w.num(metrics.length);
    for (const metric of metrics) {
      w.str(metric.descriptor.name);
      w.str(metric.descriptor.description);
      w.str(metric.descriptor.unit);
      w.num(metric.descriptor.valueType);
      w.num(metric.aggregationTemporality);
      w.num(metric.dataPointType);
      w.num(metric.dataPointType === DataPointType.SUM && metric.isMonotonic ? 1 : 0);
      const points = metric.dataPoints as DataPoint<unknown>[];
      w.num(points.length);
      for (const p of points) {
        w.num(p.startTime[0]);
        w.num(p.startTime[1]);
        w.num(p.endTime[0]);
        w.num(p.endTime[1]);
        writeAttributes(w, p.attributes);
        writePointValue(w, metric.dataPointType, p.value);
      }
    }
  }
  const array = Float64Array.from(w.numbers);
  return {
    s: w.strings,
    n: binary ? array : Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64'),
  };
}

class Reader {
  private i = 0;
  constructor(private readonly n: Float64Array, private readonly s: string[]) {}

  num(): number {
    if (this.i >= this.n.length) throw new Error('truncated metric state');
    return this.n[this.i++];
  }

  str(): string {
    const v = this.s[this.num()];
    if (v === undefined) throw new Error('bad string index in metric state');
    return v;
  }

  optStr(): string | undefined {
    const i = this.num();
    return i === -1 ? undefined : this.s[i];
  }

  optNum(): number | undefined {
    return this.num() === 1 ? this.num() : undefined;
  }

  nums(): number[] {
    const length = this.num();
    if (length < 0 || this.i + length > this.n.length) throw new Error('truncated metric state');
    const out = Array.from(this.n.subarray(this.i, this.i + length));
    this.i += length;
    return out;
  }

  get done(): boolean {
    return this.i === this.n.length;
  }
}

function readValue(r: Reader): AttributeValue | undefined {
  const tag = r.num();
  switch (tag) {
    case STRING: return r.str();
    case NUMBER: return r.num();
    case TRUE: return true;
    case FALSE: return false;
    case ARRAY: {
      const length = r.num();
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) out.push(readValue(r) ?? null);
      return out as AttributeValue;
    }
    case NULLISH: return undefined;
    default: throw new Error(`unknown attribute tag ${tag} in metric state`);
  }
}

function readPointValue(r: Reader, type: DataPointType): unknown {
  if (type === DataPointType.SUM || type === DataPointType.GAUGE) return r.num();
  if (type === DataPointType.HISTOGRAM) {
    const boundaries = r.nums();
    const counts = r.nums();
    const h: Histogram = { buckets: { boundaries, counts }, count: r.num(), sum: r.optNum(), min: r.optNum(), max: r.optNum() };
    return h;
  }
  if (type === DataPointType.EXPONENTIAL_HISTOGRAM) {
    const count = r.num();
    const sum = r.optNum();
    const scale = r.num();
    const zeroCount = r.num();
    const positive = { offset: r.num(), bucketCounts: r.nums() };
    const negative = { offset: r.num(), bucketCounts: r.nums() };
    const e: ExponentialHistogram = { count, sum, scale, zeroCount, positive, negative, min: r.optNum(), max: r.optNum() };
    return e;
  }
  throw new Error(`unknown point type ${type as number} in metric state`);
}

function toFloat64(n: Float64Array | string): Float64Array {
  if (typeof n !== 'string') return n;
  const bytes = Buffer.from(n, 'base64');
  // Copy into an aligned buffer: a Buffer's byteOffset is not always a multiple of 8.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Decodes what encodeState produced; throws on malformed input. */
export function decodeState(state: EncodedState): ScopeMetrics[] {
  const r = new Reader(toFloat64(state.n), state.s);
  const scopes: ScopeMetrics[] = [];
  const scopeCount = r.num();
  for (let si = 0; si < scopeCount; si++) {
    const scope = { name: r.str(), version: r.optStr(), schemaUrl: r.optStr() };
    const metrics: MetricData[] = [];
    const metricCount = r.num();
    for (let mi = 0; mi < metricCount; mi++) {
      const descriptor = { name: r.str(), description: r.str(), unit: r.str(), valueType: r.num() };
      const aggregationTemporality = r.num() as AggregationTemporality;
      const dataPointType = r.num() as DataPointType;
      const isMonotonic = r.num() === 1;
      const dataPoints: DataPoint<unknown>[] = [];
      const pointCount = r.num();
      for (let pi = 0; pi < pointCount; pi++) {
        const startTime: [number, number] = [r.num(), r.num()];
        const endTime: [number, number] = [r.num(), r.num()];
        const attributes: Attributes = {};
        const attributeCount = r.num();
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
