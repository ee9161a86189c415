// The explicit bucket histogram aggregation: Histogram by default. Buckets are
// (-inf, b0], (b0, b1], ..., (bn, +inf) for the boundaries b0 < b1 < ... < bn.
import { DataPointType, type Histogram } from '../data/metric-data';
import type { Aggregator } from './aggregator';
import { Accumulation } from './accumulation';

/** Up to this many boundaries a linear scan beats a binary search. */
const LINEAR_SEARCH_MAX = 16;

/** Bucket counts, sum, count, min and max of one series. */
export class ExplicitBucketHistogramAccumulation extends Accumulation {
  /**
   * Bucket counts in a plain packed array, not a Float64Array: for a default histogram (16
   * buckets) a typed array costs about 320 bytes (object, ArrayBuffer and an off-heap backing
   * store) against about 190 for the array, and `counts[i]++` is as fast on either.
   */
  readonly counts: number[];
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  constructor(private readonly boundaries: Float64Array) {
    super();
    this.counts = zeros(boundaries.length + 1);
  }

  protected aggregate(value: number): void {
    this.counts[bucketIndex(this.boundaries, value)]++;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}

/** A packed array of zeros (pushing keeps V8's packed element kind; `new Array(n)` is holey). */
function zeros(length: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < length; i++) array.push(0);
  return array;
}

/** Index of the bucket (boundaries[i-1], boundaries[i]] holding `value`; the last one is (last, +Inf). */
export function bucketIndex(boundaries: Float64Array, value: number): number {
  const n = boundaries.length;
  if (n <= LINEAR_SEARCH_MAX) {
    let i = 0;
    while (i < n && value > boundaries[i]) i++;
    return i;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value > boundaries[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ExplicitBucketHistogramOptions {
  boundaries: readonly number[];
  recordMinMax: boolean;
  /** False for instruments that may record negative values: their sum is not exported. */
  recordSum: boolean;
}

export class ExplicitBucketHistogramAggregator implements Aggregator<ExplicitBucketHistogramAccumulation> {
  readonly dataPointType = DataPointType.HISTOGRAM;
  private readonly boundaries: Float64Array;
  private readonly boundaryList: number[];

  constructor(private readonly options: ExplicitBucketHistogramOptions) {
    this.boundaryList = options.boundaries.slice();
    this.boundaries = Float64Array.from(this.boundaryList);
  }

  createAccumulation(): ExplicitBucketHistogramAccumulation {
    return new ExplicitBucketHistogramAccumulation(this.boundaries);
  }
  merge(into: ExplicitBucketHistogramAccumulation, from: ExplicitBucketHistogramAccumulation): void {
    for (let i = 0; i < into.counts.length; i++) into.counts[i] += from.counts[i];
    into.sum += from.sum;
    into.count += from.count;
    if (from.min < into.min) into.min = from.min;
    if (from.max > into.max) into.max = from.max;
  }
  copy(from: ExplicitBucketHistogramAccumulation): ExplicitBucketHistogramAccumulation {
    const acc = this.createAccumulation();
    this.merge(acc, from);
    return acc;
  }
  reset(acc: ExplicitBucketHistogramAccumulation): void {
    acc.counts.fill(0);
    acc.sum = 0;
    acc.count = 0;
    acc.min = Infinity;
    acc.max = -Infinity;
  }
  diff(_previous: ExplicitBucketHistogramAccumulation, current: ExplicitBucketHistogramAccumulation): ExplicitBucketHistogramAccumulation {
    return this.copy(current);
  }
  toPointValue(acc: ExplicitBucketHistogramAccumulation): Histogram {
    const hasMinMax = this.options.recordMinMax && acc.count > 0;
    return {
      // One boundaries array shared by all points of the stream (read-only), as the official SDK does.
      buckets: { boundaries: this.boundaryList, counts: acc.counts.slice() },
      sum: this.options.recordSum ? acc.sum : undefined,
      count: acc.count,
      min: hasMinMax ? acc.min : undefined,
      max: hasMinMax ? acc.max : undefined,
    };
  }
}
