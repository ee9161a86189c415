// The reading half of the wire format (wire-format.ts): every read checks bounds, so a
// truncated or corrupt message throws instead of being misread.
export class Reader {
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

export function toFloat64(n: Float64Array | string): Float64Array {
  if (typeof n !== 'string') return n;
  const bytes = Buffer.from(n, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new Error('truncated metric state');
  // Copy into an aligned buffer: a Buffer's byteOffset is not always a multiple of 8.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function toBytes(b: Uint8Array | string): Uint8Array {
  return typeof b === 'string' ? Buffer.from(b, 'base64') : b;
}
