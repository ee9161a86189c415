// Merging two sum points of the same series from different processes (multi-process merge,
// see docs/design.md "Multi-process merging"). A cumulative sum of the group is the sum of
// the processes' sums; its start time is the earliest of them, its end time the latest; its
// exemplars the newest of both (exemplars.ts).
import type { DataPoint } from '../data/metric-data';
import { mergeExemplars } from './exemplars';
import { earliest, latest } from './times';

/** `a + b` for one series; attributes are taken from `a` (the caller matched them). */
export function mergeSumPoints(a: DataPoint<number>, b: DataPoint<number>): DataPoint<number> {
  return {
    startTime: earliest(a.startTime, b.startTime),
    endTime: latest(a.endTime, b.endTime),
    attributes: a.attributes,
    value: a.value + b.value,
    exemplars: mergeExemplars(a.exemplars, b.exemplars),
  };
}

/** A sum point the caller owns and may change. */
export type MutableSumPoint = { -readonly [K in keyof DataPoint<number>]: DataPoint<number>[K] };

/**
 * The same merge as mergeSumPoints, into a point the caller owns, without a new object: for
 * merging many processes' points into one accumulator (the hot path of a multi-process merge).
 */
export function addSumPointInto(into: MutableSumPoint, from: DataPoint<number>): void {
  into.value += from.value;
  into.startTime = earliest(into.startTime, from.startTime);
  into.endTime = latest(into.endTime, from.endTime);
  into.exemplars = mergeExemplars(into.exemplars, from.exemplars); // no allocation unless both have some
}
