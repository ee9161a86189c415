// The bucket counts of one range (positive or negative) of an exponential histogram: a
// window [startIndex, endIndex] of consecutive bucket indices kept in an array used as a
// circular buffer, so the window can grow at either end without moving counts. The array
// is allocated on the first count (most histograms never see a negative value, so their
// negative range costs nothing) and grows when the window needs more room, never beyond
// `maxSize`. A packed JS array rather than a Float64Array: for small sizes it is about
// half the memory (no ArrayBuffer and off-heap store) and as fast to index.
// Slots outside the window are always zero, which lets the window extend by moving its
// bounds only.

/** Capacity of the first allocation: enough for most narrow distributions without regrowing. */
const INITIAL_CAPACITY = 16;

/** A packed array of zeros (pushing keeps V8's packed element kind; `new Array(n)` is holey). */
function zeros(length: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < length; i++) array.push(0);
  return array;
}

export class BucketBuffer {
  private counts: number[];
  /** Position in `counts` of the bucket `startIndex`. */
  private head = 0;
  private start = 0;
  /** endIndex < startIndex means empty. */
  private end = -1;

  constructor(private readonly maxSize: number, initialCapacity = 0) {
    this.counts = zeros(Math.min(initialCapacity, maxSize));
  }

  get isEmpty(): boolean {
    return this.end < this.start;
  }

  /** Lowest bucket index held (meaningless when empty). */
  get startIndex(): number {
    return this.start;
  }

  /** Highest bucket index held (meaningless when empty). */
  get endIndex(): number {
    return this.end;
  }

  /** Number of buckets in the window (0 when empty). */
  get length(): number {
    return this.isEmpty ? 0 : this.end - this.start + 1;
  }

  /** Allocated slots (for tests: reset keeps them). */
  get capacity(): number {
    return this.counts.length;
  }

  /** Count of bucket `index` (0 outside the window). */
  get(index: number): number {
    if (this.isEmpty || index < this.start || index > this.end) return 0;
    return this.counts[this.position(index)];
  }

  /**
   * Hot path: adds 1 to bucket `index` if it lies inside the window (never when empty:
   * then end < start) and says whether it did. Small, so that V8 inlines it.
   */
  tryIncrement(index: number): boolean {
    if (index < this.start || index > this.end) return false;
    const counts = this.counts;
    const p = this.head + (index - this.start);
    counts[p >= counts.length ? p - counts.length : p]++;
    return true;
  }

  /**
   * Adds `increment` to bucket `index`, extending the window to include it. The caller
   * guarantees (by downscaling first) that the extended window spans at most maxSize buckets.
   */
  add(index: number, increment: number): void {
    if (this.isEmpty) {
      this.ensureCapacity(1);
      this.start = index;
      this.end = index;
      this.head = 0;
    } else if (index < this.start) {
      this.ensureCapacity(this.end - index + 1);
      const cap = this.counts.length;
      this.head = (((this.head - (this.start - index)) % cap) + cap) % cap;
      this.start = index;
    } else if (index > this.end) {
      this.ensureCapacity(index - this.start + 1);
      this.end = index;
    }
    this.counts[this.position(index)] += increment;
  }

  /** Empties the window in place, keeping the allocated array. */
  clear(): void {
    if (!this.isEmpty) {
      const len = this.end - this.start + 1;
      const cap = this.counts.length;
      for (let i = 0, p = this.head; i < len; i++, p = p + 1 === cap ? 0 : p + 1) this.counts[p] = 0;
    }
    this.head = 0;
    this.start = 0;
    this.end = -1;
  }

  /**
   * Merges buckets for a scale `by` steps lower: bucket i goes to i >> by (perfect
   * subsetting: each new bucket is the union of 2**by old ones). No allocation.
   */
  downscale(by: number): void {
    if (by <= 0 || this.isEmpty) return;
    this.linearize();
    const counts = this.counts;
    const oldStart = this.start;
    const newStart = oldStart >> by;
    const len = this.end - oldStart + 1;
    // Target positions never exceed source positions, so a forward pass is safe in place.
    for (let p = 0; p < len; p++) {
      const count = counts[p];
      if (count === 0) continue;
      counts[p] = 0;
      counts[((oldStart + p) >> by) - newStart] += count;
    }
    this.start = newStart;
    this.end = this.end >> by;
  }

  /** Replaces this buffer's content with a copy of `from`'s (same maxSize assumed). */
  copyFrom(from: BucketBuffer): void {
    this.clear();
    if (from.isEmpty) return;
    const len = from.length;
    this.ensureCapacity(len);
    for (let i = 0; i < len; i++) this.counts[i] = from.counts[from.position(from.start + i)];
    this.head = 0;
    this.start = from.start;
    this.end = from.end;
  }

  /** The counts of the window, lowest index first (allocates; collection time only). */
  toArray(): number[] {
    const len = this.length;
    const out = new Array<number>(len);
    for (let i = 0; i < len; i++) out[i] = this.counts[this.position(this.start + i)];
    return out;
  }

  private position(index: number): number {
    const p = this.head + (index - this.start);
    const cap = this.counts.length;
    return p >= cap ? p - cap : p;
  }

  /** Grows the array to hold at least `needed` buckets (doubling, capped at maxSize). */
  private ensureCapacity(needed: number): void {
    const old = this.counts;
    if (needed <= old.length) return;
    if (needed > this.maxSize) {
      // The accumulation downscales before this can happen; guard against silent corruption.
      throw new RangeError(`exponential histogram window of ${needed} buckets exceeds maxSize ${this.maxSize}`);
    }
    const grown = old.length === 0 ? Math.max(needed, INITIAL_CAPACITY) : Math.max(needed, old.length * 2);
    const next = zeros(Math.min(this.maxSize, grown));
    const len = this.length;
    for (let i = 0; i < len; i++) next[i] = old[this.position(this.start + i)];
    this.counts = next;
    this.head = 0;
  }

  /** Rotates the array in place so that the window starts at position 0. */
  private linearize(): void {
    if (this.head === 0) return;
    const a = this.counts;
    const n = a.length;
    // Rotation by three reversals: no extra memory.
    reverse(a, 0, n - 1);
    reverse(a, 0, n - this.head - 1);
    reverse(a, n - this.head, n - 1);
    this.head = 0;
  }
}

function reverse(a: number[], from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
