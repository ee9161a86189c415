// State of one exponential histogram series: scale, zero count, positive and negative
// bucket ranges, count, sum, min and max. `record` is the hot path: in the steady state it
// allocates nothing (a range's array is replaced only when its window needs more room).
//
// Layout, for a record on a series that is cold in the CPU cache (many series): the count,
// sum, min and max live in the header of the positive range's array, next to its window
// bounds (bucket-range.ts), so a record walks accumulation -> positive array -> its
// elements and nothing else; as fields they were three boxed doubles, each its own object.
// The negative range is the shared empty NO_BUCKETS until the first negative value.
import { Accumulation } from '../accumulation';
import {
  addCount,
  clearWindow,
  copyWindow,
  countAt,
  COUNT,
  downscaleRange,
  endIndex,
  isEmpty,
  MAX,
  MIN,
  newRange,
  NO_BUCKETS,
  startIndex,
  SUM,
  tryIncrement,
  type BucketRange,
} from './bucket-range';
import { mapInputToIndex, mappingInput } from './mapping';

/** The state of one exponential histogram series: scale, zero count and the positive and negative bucket ranges. */
export class ExponentialHistogramAccumulation extends Accumulation {
  /** Positive buckets; its header also holds count, sum, min and max (see above). Replaced when it grows. */
  positive: BucketRange;
  /** Current scale: starts at maxScale, only decreases until reset. */
  scale: number;
  /** Negative buckets (by absolute value): NO_BUCKETS until the first negative value. Replaced when it grows. */
  negative: BucketRange = NO_BUCKETS;
  zeroCount = 0;

  constructor(
    readonly maxSize: number,
    readonly maxScale: number,
  ) {
    super();
    this.positive = newRange(0);
    this.scale = maxScale;
  }

  /** Number of finite values recorded (NaN and ±Infinity are ignored). */
  get count(): number {
    return this.positive[COUNT];
  }
  get sum(): number {
    return this.positive[SUM];
  }
  get min(): number {
    return this.positive[MIN];
  }
  get max(): number {
    return this.positive[MAX];
  }

  protected aggregate(value: number): void {
    // NaN and ±Infinity have no bucket and would poison sum/min/max: ignore them.
    if (!Number.isFinite(value)) return;
    const positive = this.positive;
    positive[COUNT]++;
    positive[SUM] += value;
    if (value < positive[MIN]) positive[MIN] = value;
    if (value > positive[MAX]) positive[MAX] = value;
    // A call that V8 does not inline gets its double arguments boxed (16 bytes allocated
    // per measurement), and this is deep in the recording call chain: the calls below take
    // integers only (the value goes through mappingInput), and a bucket inside the window
    // (the common case) is counted by tryIncrement, small enough to be inlined.
    if (value > 0) {
      mappingInput[0] = value;
      const index = mapInputToIndex(this.scale);
      if (!tryIncrement(positive, index)) this.addOutside(true, index);
    } else if (value < 0) {
      mappingInput[0] = -value;
      const index = mapInputToIndex(this.scale);
      if (!tryIncrement(this.negative, index)) this.addOutside(false, index);
    } else {
      this.zeroCount++;
    }
  }

  /**
   * Counts bucket `index` (at the current scale) of the positive or negative range, outside
   * its window: extends the window, downscaling first if it would span more than maxSize
   * buckets.
   */
  private addOutside(positive: boolean, index: number): void {
    const range = positive ? this.positive : this.negative;
    if (!isEmpty(range)) {
      const change = scaleChangeFor(Math.min(startIndex(range), index), Math.max(endIndex(range), index), this.maxSize);
      if (change > 0) {
        this.downscale(change);
        // Perfect subsetting: the index at the lower scale is the shifted index.
        index >>= change;
      }
    }
    // Downscaling works in place: `range` is still the range's array.
    if (positive) this.positive = addCount(range, index, 1, this.maxSize);
    else this.negative = addCount(range, index, 1, this.maxSize);
  }

  /** Lowers the scale by `by`, merging buckets of both ranges. */
  downscale(by: number): void {
    if (by <= 0) return;
    downscaleRange(this.positive, by);
    downscaleRange(this.negative, by);
    this.scale -= by;
  }

  /** Empties the state in place (arrays kept) and returns to maxScale. */
  reset(): void {
    this.scale = this.maxScale;
    this.zeroCount = 0;
    clearWindow(this.positive);
    clearWindow(this.negative);
    this.setSummary(0, 0, Infinity, -Infinity);
  }

  private setSummary(count: number, sum: number, min: number, max: number): void {
    const positive = this.positive;
    positive[COUNT] = count;
    positive[SUM] = sum;
    positive[MIN] = min;
    positive[MAX] = max;
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
    this.positive = addShifted(this.positive, from.positive, shift, this.maxSize);
    this.negative = addShifted(this.negative, from.negative, shift, this.maxSize);
    this.zeroCount += from.zeroCount;
    this.setSummary(this.count + from.count, this.sum + from.sum, Math.min(this.min, from.min), Math.max(this.max, from.max));
  }

  /** Makes this accumulation an independent copy of `from`. */
  copyFrom(from: ExponentialHistogramAccumulation): void {
    this.scale = from.scale;
    this.zeroCount = from.zeroCount;
    this.positive = copyWindow(this.positive, from.positive, this.maxSize);
    this.negative = copyWindow(this.negative, from.negative, this.maxSize);
    this.setSummary(from.count, from.sum, from.min, from.max);
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
  a: BucketRange,
  aScale: number,
  b: BucketRange,
  bScale: number,
  scale: number,
  maxSize: number,
): number {
  if (isEmpty(a) && isEmpty(b)) return 0;
  let low = Infinity;
  let high = -Infinity;
  if (!isEmpty(a)) {
    low = startIndex(a) >> (aScale - scale);
    high = endIndex(a) >> (aScale - scale);
  }
  if (!isEmpty(b)) {
    low = Math.min(low, startIndex(b) >> (bScale - scale));
    high = Math.max(high, endIndex(b) >> (bScale - scale));
  }
  return scaleChangeFor(low, high, maxSize);
}

/** Adds every bucket of `from` into `into`, at index >> shift; returns `into` or its grown copy. */
function addShifted(into: BucketRange, from: BucketRange, shift: number, maxSize: number): BucketRange {
  if (isEmpty(from)) return into;
  for (let i = startIndex(from); i <= endIndex(from); i++) {
    const count = countAt(from, i);
    if (count !== 0) into = addCount(into, i >> shift, count, maxSize);
  }
  return into;
}
