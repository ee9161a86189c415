// State of one exponential histogram series: scale, zero count, positive and negative
// bucket ranges, count, sum, min and max. `record` is the hot path: in the steady state it
// allocates nothing (a range's array is replaced only when its window needs more room).
//
// Layout, for a record on a series that is cold in the CPU cache (many series): every
// object a record walks through costs a cache miss, so the accumulation holds its positive
// range's window itself (it is that range's BucketWindow, bucket-window.ts) and keeps count,
// sum, min and max unboxed in one small array of doubles (as fields they were three boxed
// doubles, each its own object). A record walks accumulation -> {counts array, summary
// array} -> their data. The negative range is created with the first negative value.
import { Accumulation } from '../accumulation';
import {
  addCount,
  Buckets,
  clearWindow,
  copyWindow,
  countAt,
  downscaleWindow,
  isEmpty,
  NO_COUNTS,
  tryIncrement,
  type BucketWindow,
} from './bucket-window';
import { mapInputToIndex, mappingInput } from './mapping';

/** Slots of the summary array. */
const COUNT = 0;
const SUM = 1;
const MIN = 2;
const MAX = 3;

/** The state of one exponential histogram series: scale, zero count and the positive and negative bucket ranges. */
export class ExponentialHistogramAccumulation extends Accumulation implements BucketWindow {
  /** The positive range's counts and window (see above; read them through `positive`). */
  counts: Uint32Array | Float64Array = NO_COUNTS;
  start = 0;
  end = -1;
  head = 0;
  /** count, sum, min, max: unboxed doubles. */
  private readonly summary: number[] = [0, 0, Infinity, -Infinity];
  /** Current scale: starts at maxScale, only decreases until reset. */
  scale: number;
  /** Negative buckets (by absolute value); undefined until the first negative value. */
  private negativeRange: Buckets | undefined = undefined;
  zeroCount = 0;

  constructor(
    readonly maxSize: number,
    readonly maxScale: number,
  ) {
    super();
    this.scale = maxScale;
  }

  /** The positive range: this accumulation's own fields. */
  get positive(): BucketWindow {
    return this;
  }

  /** The negative range (an empty one, not kept, before the first negative value). */
  get negative(): BucketWindow {
    return this.negativeRange ?? new Buckets();
  }

  /** Number of finite values recorded (NaN and ±Infinity are ignored). */
  get count(): number {
    return this.summary[COUNT];
  }
  get sum(): number {
    return this.summary[SUM];
  }
  get min(): number {
    return this.summary[MIN];
  }
  get max(): number {
    return this.summary[MAX];
  }

  protected aggregate(value: number): void {
    // NaN and ±Infinity have no bucket and would poison sum/min/max: ignore them.
    if (!Number.isFinite(value)) return;
    const summary = this.summary;
    summary[COUNT]++;
    summary[SUM] += value;
    if (value < summary[MIN]) summary[MIN] = value;
    if (value > summary[MAX]) summary[MAX] = value;
    // A call that V8 does not inline gets its double arguments boxed (16 bytes allocated
    // per measurement), and this is deep in the recording call chain: the calls below take
    // integers only (the value goes through mappingInput), and a bucket inside the window
    // (the common case) is counted by tryIncrement, small enough to be inlined.
    if (value > 0) {
      mappingInput[0] = value;
      const index = mapInputToIndex(this.scale);
      if (!tryIncrement(this, index)) this.addOutside(this, index);
    } else if (value < 0) {
      mappingInput[0] = -value;
      const index = mapInputToIndex(this.scale);
      const negative = (this.negativeRange ??= new Buckets());
      if (!tryIncrement(negative, index)) this.addOutside(negative, index);
    } else {
      this.zeroCount++;
    }
  }

  /**
   * Counts bucket `index` (at the current scale) of `range`, outside its window: extends
   * the window, downscaling first if it would span more than maxSize buckets.
   */
  private addOutside(range: BucketWindow, index: number): void {
    if (!isEmpty(range)) {
      const change = scaleChangeFor(Math.min(range.start, index), Math.max(range.end, index), this.maxSize);
      if (change > 0) {
        this.downscale(change);
        // Perfect subsetting: the index at the lower scale is the shifted index.
        index >>= change;
      }
    }
    addCount(range, index, 1, this.maxSize);
  }

  /** Lowers the scale by `by`, merging buckets of both ranges. */
  downscale(by: number): void {
    if (by <= 0) return;
    downscaleWindow(this, by);
    if (this.negativeRange !== undefined) downscaleWindow(this.negativeRange, by);
    this.scale -= by;
  }

  /** Empties the state in place (arrays kept) and returns to maxScale. */
  reset(): void {
    this.scale = this.maxScale;
    this.zeroCount = 0;
    clearWindow(this);
    if (this.negativeRange !== undefined) clearWindow(this.negativeRange);
    this.setSummary(0, 0, Infinity, -Infinity);
  }

  private setSummary(count: number, sum: number, min: number, max: number): void {
    const summary = this.summary;
    summary[COUNT] = count;
    summary[SUM] = sum;
    summary[MIN] = min;
    summary[MAX] = max;
  }

  /** Adds the measurements summarised by `from` (unchanged) into this accumulation. */
  merge(from: ExponentialHistogramAccumulation): void {
    if (from.count === 0) return;
    // Common scale: the lower of the two, then lower still until both ranges' combined
    // windows fit in maxSize buckets.
    let scale = Math.min(this.scale, from.scale);
    scale -= Math.max(
      combinedChange(this, this.scale, from, from.scale, scale, this.maxSize),
      combinedChange(this.negative, this.scale, from.negative, from.scale, scale, this.maxSize),
    );
    this.downscale(this.scale - scale);
    const shift = from.scale - scale;
    addShifted(this, from, shift, this.maxSize);
    if (from.negativeRange !== undefined && !isEmpty(from.negativeRange)) {
      addShifted((this.negativeRange ??= new Buckets()), from.negativeRange, shift, this.maxSize);
    }
    this.zeroCount += from.zeroCount;
    this.setSummary(this.count + from.count, this.sum + from.sum, Math.min(this.min, from.min), Math.max(this.max, from.max));
  }

  /** Makes this accumulation an independent copy of `from`. */
  copyFrom(from: ExponentialHistogramAccumulation): void {
    this.scale = from.scale;
    this.zeroCount = from.zeroCount;
    copyWindow(this, from, this.maxSize);
    if (from.negativeRange !== undefined && !isEmpty(from.negativeRange)) {
      copyWindow((this.negativeRange ??= new Buckets()), from.negativeRange, this.maxSize);
    } else if (this.negativeRange !== undefined) {
      clearWindow(this.negativeRange);
    }
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
  a: BucketWindow,
  aScale: number,
  b: BucketWindow,
  bScale: number,
  scale: number,
  maxSize: number,
): number {
  if (isEmpty(a) && isEmpty(b)) return 0;
  let low = Infinity;
  let high = -Infinity;
  if (!isEmpty(a)) {
    low = a.start >> (aScale - scale);
    high = a.end >> (aScale - scale);
  }
  if (!isEmpty(b)) {
    low = Math.min(low, b.start >> (bScale - scale));
    high = Math.max(high, b.end >> (bScale - scale));
  }
  return scaleChangeFor(low, high, maxSize);
}

/** Adds every bucket of `from` into `into`, at index >> shift. */
function addShifted(into: BucketWindow, from: BucketWindow, shift: number, maxSize: number): void {
  if (isEmpty(from)) return;
  for (let i = from.start; i <= from.end; i++) {
    const count = countAt(from, i);
    if (count !== 0) addCount(into, i >> shift, count, maxSize);
  }
}
