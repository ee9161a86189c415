// The writing half of the wire format (wire-format.ts): floats into a number list, the
// structure into a growing byte array of zigzag varints, strings into a table, times once.
export class Writer {
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
