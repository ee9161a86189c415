// State of one exponential histogram series: scale, zero count, positive and negative
// bucket ranges, count, sum, min and max. `record` is the hot path: in the steady state it
// allocates nothing (the bucket arrays grow only when the window needs more room).
import { Accumulation } from '../accumulation';
import { BucketBuffer } from './bucket-buffer';
import { mapInputToIndex, mappingInput } from './mapping';

/** The state of one exponential histogram series: scale, zero count and the positive and negative bucket ranges. */
export class ExponentialHistogramAccumulation extends Accumulation {
  /** Current scale: starts at maxScale, only decreases until reset. */
  scale: number;
  zeroCount = 0;
  /** Number of finite values recorded (NaN and ±Infinity are ignored). */
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly positive: BucketBuffer;
  readonly negative: BucketBuffer;

  constructor(
    readonly maxSize: number,
    readonly maxScale: number,
  ) {
    super();
    this.scale = maxScale;
    this.positive = new BucketBuffer(maxSize);
    this.negative = new BucketBuffer(maxSize);
  }

  protected aggregate(value: number): void {
    // NaN and ±Infinity have no bucket and would poison sum/min/max: ignore them.
    if (!Number.isFinite(value)) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // A call that V8 does not inline gets its double arguments boxed (16 bytes allocated
    // per measurement), and this is deep in the recording call chain: the calls below take
    // integers only (the value goes through mappingInput), and a bucket inside the window
    // (the common case) is counted by tryIncrement, small enough to be inlined.
    if (value > 0) {
      mappingInput[0] = value;
      const index = mapInputToIndex(this.scale);
      if (!this.positive.tryIncrement(index)) this.addOutside(this.positive, index);
    } else if (value < 0) {
      mappingInput[0] = -value;
      const index = mapInputToIndex(this.scale);
      if (!this.negative.tryIncrement(index)) this.addOutside(this.negative, index);
    } else {
      this.zeroCount++;
    }
  }

  /**
   * Counts bucket `index` (at the current scale) of `range`, outside its window: extends
   * the window, downscaling first if it would span more than maxSize buckets.
   */
  private addOutside(range: BucketBuffer, index: number): void {
    if (!range.isEmpty) {
      const change = scaleChangeFor(Math.min(range.startIndex, index), Math.max(range.endIndex, index), this.maxSize);
      if (change > 0) {
        this.downscale(change);
        // Perfect subsetting: the index at the lower scale is the shifted index.
        index >>= change;
      }
    }
    range.add(index, 1);
  }

  /** Lowers the scale by `by`, merging buckets of both ranges. */
  downscale(by: number): void {
    if (by <= 0) return;
    this.positive.downscale(by);
    this.negative.downscale(by);
    this.scale -= by;
  }

  /** Empties the state in place (buffers kept) and returns to maxScale. */
  reset(): void {
    this.scale = this.maxScale;
    this.zeroCount = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.positive.clear();
    this.negative.clear();
  }

  /** Adds the measurements summarised by `from` (unchanged) into this accumulation. */
  merge(from: ExponentialHistogramAccumulation): void {
    if (from.count === 0) return;
    // Common scale: the lower of the two, then lower still until both ranges' combined
    // windows fit in maxSize buckets.
    let scale = Math.min(this.scale, from.scale);
    scale -= Math.max(
      combinedChange(this.positive, this.scale, from.positive, from.scale, scale, this.maxSize),
      combinedChange(this.negative, this.scale, from.negative, from.scale, scale, this.maxSize),
    );
    this.downscale(this.scale - scale);
    const shift = from.scale - scale;
    addShifted(this.positive, from.positive, shift);
    addShifted(this.negative, from.negative, shift);
    this.zeroCount += from.zeroCount;
    this.count += from.count;
    this.sum += from.sum;
    if (from.min < this.min) this.min = from.min;
    if (from.max > this.max) this.max = from.max;
  }

  /** Makes this accumulation an independent copy of `from`. */
  copyFrom(from: ExponentialHistogramAccumulation): void {
    this.scale = from.scale;
    this.zeroCount = from.zeroCount;
    this.count = from.count;
    this.sum = from.sum;
    this.min = from.min;
    this.max = from.max;
    this.positive.copyFrom(from.positive);
    this.negative.copyFrom(from.negative);
  }
}

/**
 * Smallest number of scale reductions that make the bucket window [low, high] span at most
 * `maxSize` buckets. Terminates for maxSize >= 2: every window shrinks to at most [-1, 0].
 */
export function scaleChangeFor(low: number, high: number, maxSize: number): number {
  let change = 0;
  while (high - low >= maxSize) {
    low >>= 1;
    high >>= 1;
    change++;
  }
  return change;
}

/** Extra reductions below `scale` needed for the union of two ranges to fit in maxSize. */
function combinedChange(
  a: BucketBuffer,
  aScale: number,
  b: BucketBuffer,
  bScale: number,
  scale: number,
  maxSize: number,
): number {
  if (a.isEmpty && b.isEmpty) return 0;
  let low = Infinity;
  let high = -Infinity;
  if (!a.isEmpty) {
    low = a.startIndex >> (aScale - scale);
    high = a.endIndex >> (aScale - scale);
  }
  if (!b.isEmpty) {
    low = Math.min(low, b.startIndex >> (bScale - scale));
    high = Math.max(high, b.endIndex >> (bScale - scale));
  }
  return scaleChangeFor(low, high, maxSize);
}

/** Adds every bucket of `from` into `into`, at index >> shift. */
function addShifted(into: BucketBuffer, from: BucketBuffer, shift: number): void {
  if (from.isEmpty) return;
  for (let i = from.startIndex; i <= from.endIndex; i++) {
    const count = from.get(i);
    if (count !== 0) into.add(i >> shift, count);
  }
}
