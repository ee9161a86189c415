// A protobuf writer over one Buffer allocated at the request's exact size (the sizing pass
// computed it), so it never grows, never checks capacity and never moves bytes. Chosen by
// measurement against protobufjs' Writer, which queues an operation object per field and
// copies at finish(): tools/bench/scripts/writer-choice.js, 100k counter points (9.5 MB, same
// bytes): 56 ms here against 715 ms (medians of 7, alternating).
import { parts, splitHrTime, splitInt64 } from './int64-parts';
import { utf8Length } from './wire-sizes';

/** Short ASCII strings are copied by a loop; longer or non-ASCII ones by Buffer's UTF-8 writer. */
const LOOP_COPY_MAX = 48;

export class ProtoWriter {
  readonly buf: Buffer;
  pos = 0;
  private readonly view: DataView;
  // The last start and end timestamps written, as their inputs and their two halves: points of
  // one collection share their end time and mostly their start time, so most timestamps are a
  // comparison and two writes. Index 0: start times, 1: end times.
  private readonly lastSeconds = [-1, -1];
  private readonly lastNanos = [-1, -1];
  private readonly lastLo = [0, 0];
  private readonly lastHi = [0, 0];

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Tag or length below 2^32. */
  varint32(value: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** Varint of two 32-bit halves (int64 in two's complement, uint64). */
  varint64(lo: number, hi: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /** Non-negative integer up to 2^64 as a uint64 varint; negative or NaN counts are written as 0. */
  uint64(value: number): void {
    if (!(value > 0)) this.varint32(0);
    else if (value <= 0xffffffff) this.varint32(value >>> 0);
    else {
      const lo = value % 4294967296;
      this.varint64(lo, ((value - lo) / 4294967296) >>> 0);
    }
  }

  /** int64 varint (attribute int_value): negative values take 10 bytes. */
  int64(value: number): void {
    if (value >= 0 && value <= 0xffffffff) this.varint32(value);
    else {
      splitInt64(value);
      this.varint64(parts.lo, parts.hi);
    }
  }

  fixed32(value: number): void {
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = value;
    buf[pos + 1] = value >>> 8;
    buf[pos + 2] = value >>> 16;
    buf[pos + 3] = value >>> 24;
    this.pos = pos + 4;
  }

  fixed64(lo: number, hi: number): void {
    this.fixed32(lo);
    this.fixed32(hi);
  }

  /** fixed64 of a non-negative count (histogram count, bucket counts). */
  count64(value: number): void {
    if (value <= 0xffffffff) this.fixed64(value >>> 0, 0);
    else {
      const lo = value % 4294967296;
      this.fixed64(lo, ((value - lo) / 4294967296) >>> 0);
    }
  }

  sfixed64(value: number): void {
    splitInt64(value);
    this.fixed64(parts.lo, parts.hi);
  }

  double(value: number): void {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** fixed64 nanoseconds of an HrTime; `slot` 0 for start times, 1 for end and other times. */
  hrTime(seconds: number, nanos: number, slot: 0 | 1): void {
    if (seconds !== this.lastSeconds[slot] || nanos !== this.lastNanos[slot]) {
      splitHrTime(seconds, nanos);
      this.lastSeconds[slot] = seconds;
      this.lastNanos[slot] = nanos;
      this.lastLo[slot] = parts.lo;
      this.lastHi[slot] = parts.hi;
    }
    this.fixed64(this.lastLo[slot], this.lastHi[slot]);
  }

  /**
   * Length-prefixed string, measured while copied: a short string is copied as ASCII behind a
   * one-byte length; at the first non-ASCII character the writer goes back and writes it as
   * UTF-8 (its bytes cover at least the region already written, so nothing is overrun).
   */
  text(text: string): void {
    const n = text.length;
    if (n < 0x80) {
      const buf = this.buf;
      const start = this.pos;
      let pos = start + 1;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) {
          this.string(text, Buffer.byteLength(text, 'utf8'));
          return;
        }
        buf[pos++] = c;
      }
      buf[start] = n;
      this.pos = pos;
      return;
    }
    this.string(text, utf8Length(text));
  }

  /** Length-prefixed string of a known UTF-8 byte length. */
  string(text: string, byteLength: number): void {
    this.varint32(byteLength);
    if (byteLength === text.length && byteLength <= LOOP_COPY_MAX) {
      const buf = this.buf;
      let pos = this.pos;
      for (let i = 0; i < byteLength; i++) buf[pos++] = text.charCodeAt(i);
      this.pos = pos;
    } else if (byteLength > 0) {
      this.pos += this.buf.write(text, this.pos, byteLength, 'utf8');
    }
  }

  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }
}
