// The lower bound of the OTLP encoding rows: the simplest correct hand encoder of the bench's
// request (one resource, scopes, Sum and Histogram metrics of doubles, attributes of strings and
// small non-negative integers, as the workloads record them), with
// nothing a general encoder needs: no value-type dispatch, no exemplars, no flags, no slicing,
// no queue of sizes (each point's size is computed into one array, attribute lengths are simply
// computed again while writing). It decodes to the same message as meterkit's encoder (the bench
// checks the byte counts match; the bench smoke test compares the bytes).
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from '@meterkit/sdk-metrics-core';

const SUM = 3;

function vs(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

function len(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s);
  return s.length;
}

function field(body: number): number {
  return 1 + vs(body) + body;
}

type Value = string | number;

/** AnyValue body: string_value, or int_value of an integer in [0, 2^32). */
function anyBody(value: Value): number {
  return typeof value === 'string' ? field(len(value)) : 1 + vs(value);
}

function kvBody(key: string, value: Value): number {
  return field(len(key)) + field(anyBody(value));
}

function attrsSize(attrs: Attributes): number {
  let n = 0;
  for (const k in attrs) n += field(kvBody(k, attrs[k] as Value));
  return n;
}

function pointBody(metric: MetricData, p: DataPoint<unknown>): number {
  if (metric.dataPointType === SUM) return attrsSize(p.attributes) + 27;
  const h = p.value as Histogram;
  return attrsSize(p.attributes) + 27 + (h.sum !== undefined ? 9 : 0) + (h.min !== undefined ? 9 : 0) + (h.max !== undefined ? 9 : 0) + field(h.buckets.counts.length * 8) + field(h.buckets.boundaries.length * 8);
}

class Out {
  pos = 0;
  readonly view: DataView;
  constructor(readonly buf: Buffer) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  v(n: number): void {
    while (n > 0x7f) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }
  s(text: string, n = len(text)): void {
    this.v(n);
    if (n === text.length) for (let i = 0; i < n; i++) this.buf[this.pos++] = text.charCodeAt(i);
    else this.pos += this.buf.write(text, this.pos, n, 'utf8');
  }
  d(x: number): void {
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }
  f64(lo: number, hi: number): void {
    this.view.setUint32(this.pos, lo, true);
    this.view.setUint32(this.pos + 4, hi, true);
    this.pos += 8;
  }
  private lastS = -1;
  private lastNs = -1;
  private lo = 0;
  private hi = 0;
  /** Points of a collection share their times: the nanoseconds are computed once per value. */
  time(t: HrTime): void {
    if (t[0] !== this.lastS || t[1] !== this.lastNs) {
      // seconds * 1e9 + nanos exceeds 2^53: split seconds at 2^16 so every product is exact.
      const low16 = t[0] % 65536;
      const x = ((t[0] - low16) / 65536) * 1e9;
      const y = low16 * 1e9 + t[1];
      const xLow = x % 65536;
      const yLow = y % 4294967296;
      const lo = xLow * 65536 + yLow;
      const carry = lo >= 4294967296 ? 1 : 0;
      this.lo = lo - carry * 4294967296;
      this.hi = (x - xLow) / 65536 + (y - yLow) / 4294967296 + carry;
      this.lastS = t[0];
      this.lastNs = t[1];
    }
    this.f64(this.lo, this.hi);
  }
  attrs(tag: number, attrs: Attributes): void {
    for (const k in attrs) {
      const value = attrs[k] as Value;
      const kl = len(k);
      if (typeof value === 'string') {
        const vl = len(value);
        const any = field(vl);
        this.v(tag);
        this.v(field(kl) + field(any));
        this.v(0x0a);
        this.s(k, kl);
        this.v(0x12);
        this.v(any);
        this.v(0x0a);
        this.s(value, vl);
      } else {
        const any = 1 + vs(value);
        this.v(tag);
        this.v(field(kl) + field(any));
        this.v(0x0a);
        this.s(k, kl);
        this.v(0x12);
        this.v(any);
        this.v(0x18);
        this.v(value);
      }
    }
  }
}

export function encodeLowerBound(rm: ResourceMetrics): Buffer {
  // Sizes: one entry per point, then the totals of each level.
  const pointSizes: number[] = [];
  const metricSizes: number[] = [];
  const dataSizes: number[] = [];
  const scopeSizes: number[] = [];
  const resourceBody = attrsSize(rm.resource.attributes);
  let rmBody = field(resourceBody);
  for (const sm of rm.scopeMetrics) {
    let scopeBody = field(field(len(sm.scope.name)) + (sm.scope.version ? field(len(sm.scope.version)) : 0));
    for (const m of sm.metrics) {
      let data = 2 + (m.dataPointType === SUM && m.isMonotonic ? 2 : 0);
      for (const p of m.dataPoints as DataPoint<unknown>[]) {
        const b = pointBody(m, p);
        pointSizes.push(b);
        data += field(b);
      }
      dataSizes.push(data);
      const metricBody = field(len(m.descriptor.name)) + (m.descriptor.description ? field(len(m.descriptor.description)) : 0) + (m.descriptor.unit ? field(len(m.descriptor.unit)) : 0) + field(data);
      metricSizes.push(metricBody);
      scopeBody += field(metricBody);
    }
    scopeSizes.push(scopeBody);
    rmBody += field(scopeBody);
  }
  const out = new Out(Buffer.allocUnsafe(field(rmBody)));
  out.v(0x0a);
  out.v(rmBody);
  out.v(0x0a);
  out.v(resourceBody);
  out.attrs(0x0a, rm.resource.attributes);
  let pi = 0;
  let mi = 0;
  rm.scopeMetrics.forEach((sm, si) => {
    out.v(0x12);
    out.v(scopeSizes[si]);
    out.v(0x0a);
    out.v(field(len(sm.scope.name)) + (sm.scope.version ? field(len(sm.scope.version)) : 0));
    out.v(0x0a);
    out.s(sm.scope.name);
    if (sm.scope.version) (out.v(0x12), out.s(sm.scope.version));
    for (const m of sm.metrics) {
      out.v(0x12);
      out.v(metricSizes[mi]);
      out.v(0x0a);
      out.s(m.descriptor.name);
      if (m.descriptor.description) (out.v(0x12), out.s(m.descriptor.description));
      if (m.descriptor.unit) (out.v(0x1a), out.s(m.descriptor.unit));
      out.v(m.dataPointType === SUM ? 0x3a : 0x4a);
      out.v(dataSizes[mi++]);
      const sum = m.dataPointType === SUM;
      for (const p of m.dataPoints as DataPoint<unknown>[]) {
        out.v(0x0a);
        out.v(pointSizes[pi++]);
        out.attrs(sum ? 0x3a : 0x4a, p.attributes);
        out.v(0x11);
        out.time(p.startTime);
        out.v(0x19);
        out.time(p.endTime);
        if (sum) {
          out.v(0x21);
          out.d(p.value as number);
          continue;
        }
        const h = p.value as Histogram;
        out.v(0x21);
        out.f64(h.count >>> 0, Math.floor(h.count / 4294967296));
        if (h.sum !== undefined) (out.v(0x29), out.d(h.sum));
        out.v(0x32);
        out.v(h.buckets.counts.length * 8);
        for (const c of h.buckets.counts) out.f64(c >>> 0, Math.floor(c / 4294967296));
        out.v(0x3a);
        out.v(h.buckets.boundaries.length * 8);
        for (const b of h.buckets.boundaries) out.d(b);
        if (h.min !== undefined) (out.v(0x59), out.d(h.min));
        if (h.max !== undefined) (out.v(0x61), out.d(h.max));
      }
      out.v(0x10);
      out.v(m.aggregationTemporality === 0 ? 1 : 2);
      if (sum && m.isMonotonic) (out.v(0x18), out.v(1));
    }
  });
  if (out.pos !== out.buf.length) throw new Error(`lower-bound encoder: wrote ${out.pos} of ${out.buf.length} bytes`);
  return out.buf;
}
