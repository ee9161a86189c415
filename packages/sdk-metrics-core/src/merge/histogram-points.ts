// Merging explicit-bucket histogram points of the same series from different processes:
// with equal boundaries the counts add bucket by bucket, count and sum add, min/max combine,
// and each bucket keeps its newest exemplar.
// Different boundaries cannot be merged without inventing data (a view changed in one process
// only): the merge returns undefined and the caller reports it.
import type { DataPoint, Histogram } from '../data/metric-data';
import { mergeBucketExemplars } from './exemplars';
import { mergedPoint, mergeSummaries } from './histogram-summary';

function sameBoundaries(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Merges two explicit-bucket histogram points of one series with the same boundaries: counts bucket by bucket, sum, min and max. */
export function mergeHistogramPoints(
  a: DataPoint<Histogram>,
  b: DataPoint<Histogram>,
): DataPoint<Histogram> | undefined {
  const x = a.value;
  const y = b.value;
  if (!sameBoundaries(x.buckets.boundaries, y.buckets.boundaries)) return undefined;
  const counts = x.buckets.counts.map((count, i) => count + (y.buckets.counts[i] ?? 0));
  const value: Histogram = { buckets: { boundaries: x.buckets.boundaries.slice(), counts }, ...mergeSummaries(x, y) };
  return mergedPoint(a, b, value, mergeBucketExemplars(a.exemplars, b.exemplars, x.buckets.boundaries));
}
