// Merging exponential histogram points of the same series from different processes. Both
// sides are brought to a common scale (the lower of the two, then lower still until the
// union of both bucket windows fits in `maxSize` buckets, the same rule the in-process
// accumulation uses in aggregators/exponential-histogram/accumulation.ts), then counts add.
// Lowering the scale by one merges bucket pairs: index i at scale s is index i >> 1 at s - 1.
import type { DataPoint, ExponentialHistogram } from '../data/metric-data';
import { scaleChangeFor } from '../aggregators/exponential-histogram/accumulation';
import { mergedPoint, mergeSummaries } from './histogram-summary';

/** The instrument default (160) when the caller does not know the view's maxSize. */
export const DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE = 160;

type Buckets = ExponentialHistogram['positive'];

/** The buckets of `buckets` (at some scale) as they are `by` scales lower. */
export function downscaleBuckets(buckets: Buckets, by: number): Buckets {
  if (by === 0 || buckets.bucketCounts.length === 0) {
    return { offset: buckets.offset, bucketCounts: buckets.bucketCounts.slice() };
  }
  const offset = buckets.offset >> by;
  const last = (buckets.offset + buckets.bucketCounts.length - 1) >> by;
  const counts = new Array<number>(last - offset + 1).fill(0);
  buckets.bucketCounts.forEach((count, i) => {
    counts[((buckets.offset + i) >> by) - offset] += count;
  });
  return { offset, bucketCounts: counts };
}

function windowAt(buckets: Buckets, fromScale: number, scale: number): [number, number] | undefined {
  if (buckets.bucketCounts.length === 0) return undefined;
  const shift = fromScale - scale;
  return [buckets.offset >> shift, (buckets.offset + buckets.bucketCounts.length - 1) >> shift];
}

function extraChange(a: Buckets, aScale: number, b: Buckets, bScale: number, scale: number, maxSize: number): number {
  const wa = windowAt(a, aScale, scale);
  const wb = windowAt(b, bScale, scale);
  if (!wa && !wb) return 0;
  const low = Math.min(wa ? wa[0] : Infinity, wb ? wb[0] : Infinity);
  const high = Math.max(wa ? wa[1] : -Infinity, wb ? wb[1] : -Infinity);
  return scaleChangeFor(low, high, maxSize);
}

function addBuckets(a: Buckets, b: Buckets): Buckets {
  if (a.bucketCounts.length === 0) return b;
  if (b.bucketCounts.length === 0) return a;
  const offset = Math.min(a.offset, b.offset);
  const end = Math.max(a.offset + a.bucketCounts.length, b.offset + b.bucketCounts.length);
  const counts = new Array<number>(end - offset).fill(0);
  a.bucketCounts.forEach((c, i) => (counts[a.offset + i - offset] += c));
  b.bucketCounts.forEach((c, i) => (counts[b.offset + i - offset] += c));
  return { offset, bucketCounts: counts };
}

/** Merges two exponential histogram points of one series at a common scale that fits the bucket limit. */
export function mergeExponentialHistogramPoints(
  a: DataPoint<ExponentialHistogram>,
  b: DataPoint<ExponentialHistogram>,
  maxSize: number = DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE,
): DataPoint<ExponentialHistogram> {
  const x = a.value;
  const y = b.value;
  let scale = Math.min(x.scale, y.scale);
  scale -= Math.max(
    extraChange(x.positive, x.scale, y.positive, y.scale, scale, maxSize),
    extraChange(x.negative, x.scale, y.negative, y.scale, scale, maxSize),
  );
  const value: ExponentialHistogram = {
    ...mergeSummaries(x, y),
    scale,
    zeroCount: x.zeroCount + y.zeroCount,
    positive: addBuckets(downscaleBuckets(x.positive, x.scale - scale), downscaleBuckets(y.positive, y.scale - scale)),
    negative: addBuckets(downscaleBuckets(x.negative, x.scale - scale), downscaleBuckets(y.negative, y.scale - scale)),
  };
  return mergedPoint(a, b, value);
}
