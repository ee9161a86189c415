// KeyValue / AnyValue encoding (opentelemetry/proto/common/v1/common.proto), in two passes
// that share one queue of sizes: the sizing pass pushes the length of every nested message in
// pre-order, the writing pass reads them back in the same order. Strings are measured while
// sizing and measured again while copied (ProtoWriter.text: the copy loop is the measure for
// ASCII), which costs less than a queue entry per string. No object is built per attribute.
//
// Encoded attribute bytes are not kept from one export to the next (a WeakMap from a series'
// attributes object to its bytes): it would hold a Buffer and a map entry per live series for
// the life of the series, on the order of 100 bytes beside the ~150 bytes a counter series
// costs in the core, to save the attribute part of the encoding (about a third of it in the
// profile of the 100k-series bench row). Within a request nothing repeats that is worth it.
//
// Values are mapped as @opentelemetry/otlp-transformer maps them: integers within the int64
// range are int_value, other numbers double_value, Uint8Array bytes_value, arrays
// array_value, other objects kvlist_value, anything else an empty AnyValue.
import type { ProtoWriter } from './proto-writer';
import { utf8Length, varintSize32, varintSize64 } from './wire-sizes';

const hasOwn = Object.prototype.hasOwnProperty;
const TWO_63 = 9223372036854775808;

export function isInt64(value: number): boolean {
  return Number.isInteger(value) && value >= -TWO_63 && value < TWO_63;
}

/** The queue of sizes. Invariant: the writer reads exactly the entries the sizer pushed, in order. */
export class SizeQueue {
  sizes: Int32Array;
  /** Next entry the sizing pass pushes. */
  n = 0;
  /** Next entry the writing pass reads. */
  r = 0;

  /** `expected`: a guess of the entries needed, so that the queue rarely grows. */
  constructor(expected = 1024) {
    this.sizes = new Int32Array(Math.max(64, expected));
  }

  /** Reserves an entry to fill once the message's contents are sized. */
  open(): number {
    if (this.n === this.sizes.length) this.grow();
    return this.n++;
  }

  push(value: number): void {
    if (this.n === this.sizes.length) this.grow();
    this.sizes[this.n++] = value;
  }

  next(): number {
    return this.sizes[this.r++];
  }

  private grow(): void {
    const bigger = new Int32Array(this.sizes.length * 2);
    bigger.set(this.sizes);
    this.sizes = bigger;
  }
}

/** Length of a length-delimited field of `body` bytes with a one-byte tag. */
export function fieldSize(body: number): number {
  return 1 + varintSize32(body) + body;
}

/** Size of a string field with a one-byte tag. */
export function sizeString(text: string): number {
  const length = utf8Length(text);
  return 1 + varintSize32(length) + length;
}

/** Bytes of all `attributes` as repeated KeyValue fields with one-byte tags. */
export function sizeAttributes(q: SizeQueue, attributes: object): number {
  let total = 0;
  for (const key in attributes) {
    if (hasOwn.call(attributes, key)) total += sizeKeyValue(q, key, (attributes as Record<string, unknown>)[key]);
  }
  return total;
}

function sizeKeyValue(q: SizeQueue, key: string, value: unknown): number {
  const at = q.open();
  const keySize = sizeString(key);
  const valueAt = q.open();
  const valueBody = sizeAnyValue(q, value);
  q.sizes[valueAt] = valueBody;
  const body = keySize + fieldSize(valueBody);
  q.sizes[at] = body;
  return fieldSize(body);
}

function sizeAnyValue(q: SizeQueue, value: unknown): number {
  switch (typeof value) {
    case 'string':
      return sizeString(value);
    case 'boolean':
      return 2;
    case 'number':
      return isInt64(value) ? 1 + varintSize64(value) : 9;
    case 'object': {
      if (value === null) return 0;
      if (value instanceof Uint8Array) return fieldSize(value.length);
      const at = q.open();
      let body = 0;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const itemAt = q.open();
          const item = sizeAnyValue(q, value[i]);
          q.sizes[itemAt] = item;
          body += fieldSize(item);
        }
      } else {
        body = sizeAttributes(q, value);
      }
      q.sizes[at] = body;
      return fieldSize(body);
    }
    default:
      return 0;
  }
}

/** Writes what sizeAttributes sized, with tag `(field << 3) | 2` (field <= 15). */
export function writeAttributes(w: ProtoWriter, q: SizeQueue, attributes: object, field: number): void {
  const tag = (field << 3) | 2;
  for (const key in attributes) {
    if (!hasOwn.call(attributes, key)) continue;
    w.buf[w.pos++] = tag;
    writeKeyValue(w, q, key, (attributes as Record<string, unknown>)[key]);
  }
}

function writeKeyValue(w: ProtoWriter, q: SizeQueue, key: string, value: unknown): void {
  w.varint32(q.next());
  w.buf[w.pos++] = 0x0a; // key = 1
  w.text(key);
  w.buf[w.pos++] = 0x12; // value = 2
  w.varint32(q.next());
  writeAnyValue(w, q, value);
}

function writeAnyValue(w: ProtoWriter, q: SizeQueue, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.buf[w.pos++] = 0x0a; // string_value = 1
      w.text(value);
      return;
    case 'boolean':
      w.buf[w.pos++] = 0x10; // bool_value = 2
      w.buf[w.pos++] = value ? 1 : 0;
      return;
    case 'number':
      if (isInt64(value)) {
        w.buf[w.pos++] = 0x18; // int_value = 3
        w.int64(value);
      } else {
        w.buf[w.pos++] = 0x21; // double_value = 4
        w.double(value);
      }
      return;
    case 'object': {
      if (value === null) return;
      if (value instanceof Uint8Array) {
        w.buf[w.pos++] = 0x3a; // bytes_value = 7
        w.bytes(value);
        return;
      }
      if (Array.isArray(value)) {
        w.buf[w.pos++] = 0x2a; // array_value = 5
        w.varint32(q.next());
        for (let i = 0; i < value.length; i++) {
          w.buf[w.pos++] = 0x0a; // ArrayValue.values = 1
          w.varint32(q.next());
          writeAnyValue(w, q, value[i]);
        }
        return;
      }
      w.buf[w.pos++] = 0x32; // kvlist_value = 6
      w.varint32(q.next());
      writeAttributes(w, q, value, 1); // KeyValueList.values = 1
      return;
    }
    default:
      return;
  }
}
