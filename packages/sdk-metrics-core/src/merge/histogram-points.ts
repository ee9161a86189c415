// Merging explicit-bucket histogram points of the same series from different processes:
// with equal boundaries the counts add bucket by bucket, count and sum add, min/max combine.
// Different boundaries cannot be merged without inventing data (a view changed in one process
// only): the merge returns undefined and the caller reports it.
import type { DataPoint, Histogram } from '../data/metric-data';
import { earliest, latest } from './times';

function sameBoundaries(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function combine(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
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
  // An empty side carries no min/max information (its min/max may be absent or meaningless).
  const value: Histogram = {
    buckets: { boundaries: x.buckets.boundaries.slice(), counts },
    count: x.count + y.count,
    sum: x.sum === undefined || y.sum === undefined ? undefined : x.sum + y.sum,
    min: combine(x.count > 0 ? x.min : undefined, y.count > 0 ? y.min : undefined, Math.min),
    max: combine(x.count > 0 ? x.max : undefined, y.count > 0 ? y.max : undefined, Math.max),
  };
  return {
    startTime: earliest(a.startTime, b.startTime),
    endTime: latest(a.endTime, b.endTime),
    attributes: a.attributes,
    value,
  };
}
