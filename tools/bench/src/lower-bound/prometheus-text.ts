// The lower bound of the Prometheus scrape rows (`scrape.prometheus.<counter|histogram>.10000`):
// the 0.0.4 text the reader writes for the bench's data, written the simplest fast way by code
// that knows that data in advance. The reader writes UTF-8 bytes straight into one buffer per
// scrape (packages/reader-prometheus/src/byte-writer.ts); the former floor built a JS string
// and then encoded it, was slower than the reader (0.81x and 0.19x of it) and bounded nothing,
// so this one writes bytes too.
//
// What it may know (it is a floor, not an implementation): one instrument `x` in one scope,
// attribute keys method/route/status that are valid label names, values that need no escaping
// and are ASCII, the same boundaries on every histogram point, finite values. So it decides
// nothing per scrape: no families, names, collisions, repeated series, escaping nor UTF-8,
// and it checks room once per point instead of once per write.
//
// What it may not skip (the work any serializer of a fresh collection does): reading every
// collected point, finding that point's label text from its attributes object, writing every
// value of this scrape, and a new buffer per scrape, as the reader (the previous one may still
// be on its way to a socket). Label text is rendered once per series and kept in a WeakMap
// keyed by the attributes object: the reader's own rule (its series-labels.ts; the SDK hands
// out the same frozen attributes object for a series on every collection), so rendering is
// not per-scrape work for either. It is kept as the reader keeps it, a string, and copied into
// the scrape's buffer every scrape (as Latin-1: the floor knows it is ASCII): the reader
// chose not to keep a second copy as bytes (its README: ~0.5 ms per 10k series for ~160
// bytes more per series), so bytes kept per series would skip per-scrape work the reader does.
// Nothing is keyed by a point's position in the collection (the reader cannot assume the
// order of points), and nothing more than the reader's is kept per series. A histogram point's `x_bucket{<labels>,` is written once and
// copied to its other bucket lines, as the reader does: one native copy per line, where
// writing the name and the cached labels again would be two.
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type Histogram, type ResourceMetrics } from '@meterkit/sdk-metrics-core';

const NEWLINE = 0x0a;
const SPACE = 0x20;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
/** More bytes than any JavaScript number's shortest form takes (`-1.2345678901234567e-308` is 24). */
const MAX_NUMBER = 25;
/** Byte strings up to this length are copied byte by byte: a native call costs more. */
const SHORT = 16;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const escapeValue = (v: string): string => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
const labelName = (k: string): string => k.replace(/[^a-zA-Z0-9_]/g, '_').replace(/__+/g, '_');

function resourceLabels(attributes: Attributes): string {
  let text = '';
  for (const key in attributes) text += `${labelName(key)}="${escapeValue(String(attributes[key]))}",`;
  return text.slice(0, -1);
}

/**
 * Writes one scrape's text; one instance per served endpoint, kept across scrapes like the
 * reader's serializer. Invariant between `write` calls: `_labels` holds the rendered label
 * block of every series seen and alive, and nothing else is carried over but a size hint.
 */
export class PlainPrometheusText {
  /** `method="GET",route="/api/r1",status="200",otel_scope_name="bench"` per series. */
  private readonly _labels = new WeakMap<Attributes, string>();
  /** The previous scrape's size: the next buffer's, plus some growth. */
  private _size = 256;

  write(data: ResourceMetrics): Buffer {
    let out: Buffer = Buffer.allocUnsafe(this._size + (this._size >> 3));
    // One line per scrape, from the resource as collected (its values may need escaping).
    let text = `# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{${resourceLabels(data.resource.attributes)}} 1\n`;
    out = room(out, 0, 3 * text.length);
    let at = out.write(text, 0, 'utf8');
    for (const scope of data.scopeMetrics) {
      const scopeName = scope.scope.name;
      for (const metric of scope.metrics) {
        const name = metric.descriptor.name;
        if (metric.dataPointType === DataPointType.SUM) {
          text = `# TYPE ${name}_total counter\n`;
          out = room(out, at, text.length);
          at += out.write(text, at, 'latin1');
          const head = ascii(`${name}_total{`);
          for (const { attributes, value } of metric.dataPoints) {
            const labels = this.labels(attributes, scopeName);
            out = room(out, at, head.length + labels.length + 3 + MAX_NUMBER);
            at = line(out, at, head, labels, value);
          }
        } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
          text = `# TYPE ${name} histogram\n`;
          out = room(out, at, text.length);
          at += out.write(text, at, 'latin1');
          const bucketHead = ascii(`${name}_bucket{`);
          const sumHead = ascii(`${name}_sum{`);
          const countHead = ascii(`${name}_count{`);
          // Every point of the stream has the same boundaries: their `le` labels are made once.
          const first = metric.dataPoints[0]?.value as Histogram | undefined;
          const le = [...(first?.buckets.boundaries ?? []).map((bound) => ascii(`le="${bound}"} `)), ascii('le="+Inf"} ')];
          const lineRoom = countHead.length + 16 + MAX_NUMBER;
          for (const point of metric.dataPoints) {
            const value = point.value as Histogram;
            const labels = this.labels(point.attributes, scopeName);
            out = room(out, at, (le.length + 2) * (lineRoom + labels.length));
            at = bucketLines(out, at, bucketHead, labels, le, value.buckets.counts);
            at = line(out, at, sumHead, labels, value.sum!);
            at = line(out, at, countHead, labels, value.count);
          }
        }
      }
    }
    this._size = at;
    return out.subarray(0, at);
  }

  /** The series' label block, rendered the first time its attributes object is seen. */
  private labels(attributes: Attributes, scopeName: string): string {
    let labels = this._labels.get(attributes);
    if (labels === undefined) {
      labels = `method="${attributes.method}",route="${attributes.route}",status="${attributes.status}",otel_scope_name="${scopeName}"`;
      this._labels.set(attributes, labels);
    }
    return labels;
  }
}

/** `out`, or a copy of its first `at` bytes in a larger buffer, with `bytes` free after `at`. */
function room(out: Buffer, at: number, bytes: number): Buffer {
  if (at + bytes <= out.length) return out;
  const grown = Buffer.allocUnsafe(Math.max(at + bytes, 2 * out.length));
  out.copy(grown, 0, 0, at);
  return grown;
}

/** `bytes` at `at`; returns where they end. Short ones byte by byte: a native call costs more. */
function put(out: Buffer, at: number, bytes: Buffer): number {
  const count = bytes.length;
  if (count > SHORT) {
    out.set(bytes, at);
    return at + count;
  }
  for (let i = 0; i < count; i++) out[at + i] = bytes[i]!;
  return at + count;
}

/**
 * The `_bucket` lines of one point: `x_bucket{<labels>,` is written once and copied to the
 * point's other lines. Its own function, called per point, so that V8 optimises it within the
 * first scrapes (a loop inside the once-per-scrape `write` waits for on-stack replacement).
 */
function bucketLines(out: Buffer, at: number, head: Buffer, labels: string, le: readonly Buffer[], counts: readonly number[]): number {
  const lineStart = at;
  at = put(out, at, head);
  at = putAscii(out, at, labels);
  out[at++] = COMMA;
  const prefixEnd = at;
  let cumulative = 0;
  for (let i = 0; i < le.length; i++) {
    if (i > 0) {
      out.copyWithin(at, lineStart, prefixEnd);
      at += prefixEnd - lineStart;
    }
    at = put(out, at, le[i]!);
    cumulative += counts[i]!;
    at = number(out, at, cumulative);
    out[at++] = NEWLINE;
  }
  return at;
}

/** Node's Latin-1 writer: what `buffer.write(text, at, 'latin1')` calls after its argument handling, which measured ~5x slower per call. */
interface Latin1Writer {
  latin1Write(text: string, offset: number): number;
}

/** An ASCII string at `at`; returns where it ends. */
function putAscii(out: Buffer, at: number, text: string): number {
  return at + (out as unknown as Latin1Writer).latin1Write(text, at);
}

/** `head<labels>} value\n`; returns where it ends. */
function line(out: Buffer, at: number, head: Buffer, labels: string, value: number): number {
  at = put(out, at, head);
  at = putAscii(out, at, labels);
  out[at++] = CLOSE_BRACE;
  out[at++] = SPACE;
  at = number(out, at, value);
  out[at++] = NEWLINE;
  return at;
}

/** A value in JavaScript's shortest form (the values are finite); non-negative integers digit by digit. */
function number(out: Buffer, at: number, value: number): number {
  if ((value | 0) !== value || value < 0) return putAscii(out, at, String(value));
  let digits = 1;
  for (let bound = 10; bound <= value; bound *= 10) digits++;
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const next = (rest / 10) | 0;
    out[i] = 48 + rest - 10 * next;
    rest = next;
  }
  return at + digits;
}
