// The exemplars of a point merged from two processes' points of one series. Each process
// sampled its own measurements with the same reservoir configuration, so the merged point
// keeps the newest exemplars of both, as many as the larger side had (the reservoir's size as
// far as the points show it): a merge never makes a point carry more exemplars than one
// process would. Explicit-bucket histograms keep the newest per bucket instead, as their
// default reservoir does (specification: AlignedHistogramBucketExemplarReservoir), so that a
// bucket sampled in one process only keeps its exemplar. Ties in time keep `a`'s first, so
// the result does not depend on anything but the order the caller folds processes in.
import type { Exemplar } from '../data/exemplar';
import { compareHrTime } from './times';

/** Shared by merged points without exemplars; points are read-only data. */
const NONE = Object.freeze([]) as unknown as Exemplar[];

/**
 * The newest exemplars of `a` and `b` together, at most as many as the longer of them, oldest
 * first; `a` itself (or an empty array) when `b` has none, `b` when `a` has none.
 */
export function mergeExemplars(a: readonly Exemplar[] | undefined, b: readonly Exemplar[] | undefined): Exemplar[] {
  if (b === undefined || b.length === 0) return (a ?? NONE) as Exemplar[];
  if (a === undefined || a.length === 0) return b as Exemplar[];
  const keep = Math.max(a.length, b.length);
  // Stable sort by time: equal times keep `a` before `b`, each in its own order.
  const all = [...a, ...b].sort((x, y) => compareHrTime(x.timestamp, y.timestamp));
  return all.slice(all.length - keep);
}

/**
 * For explicit-bucket histogram points with `boundaries`: the newest exemplar of `a` and `b`
 * in each bucket (bucket i holds values in (boundaries[i-1], boundaries[i]]), in bucket order.
 */
export function mergeBucketExemplars(
  a: readonly Exemplar[] | undefined,
  b: readonly Exemplar[] | undefined,
  boundaries: readonly number[],
): Exemplar[] {
  if (b === undefined || b.length === 0) return (a ?? NONE) as Exemplar[];
  if (a === undefined || a.length === 0) return b as Exemplar[];
  const newest = new Map<number, Exemplar>();
  for (const exemplar of [...a, ...b]) {
    let bucket = 0;
    while (bucket < boundaries.length && exemplar.value > boundaries[bucket]) bucket++;
    const kept = newest.get(bucket);
    if (kept === undefined || compareHrTime(exemplar.timestamp, kept.timestamp) > 0) newest.set(bucket, exemplar);
  }
  return [...newest.entries()].sort(([x], [y]) => x - y).map(([, exemplar]) => exemplar);
}
