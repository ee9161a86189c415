// What the two histogram merges share: count and sum add (a sum absent on either side stays
// absent: that side's instrument may record negative values), min and max combine over the
// non-empty sides only (an empty side's min/max is absent or meaningless), and the merged point
// spans both parts' times under the first part's attributes, with the exemplars of both merged
// (exemplars.ts).
import type { Exemplar } from '../data/exemplar';
import type { DataPoint } from '../data/metric-data';
import { mergeExemplars } from './exemplars';
import { earliest, latest } from './times';

/** Count, sum, min and max of a histogram point of either kind. */
export interface HistogramSummary {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
}

function combine(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
}

/** The summary of two histograms of one series merged. */
export function mergeSummaries(x: HistogramSummary, y: HistogramSummary): HistogramSummary {
  return {
    count: x.count + y.count,
    sum: x.sum === undefined || y.sum === undefined ? undefined : x.sum + y.sum,
    min: combine(x.count > 0 ? x.min : undefined, y.count > 0 ? y.min : undefined, Math.min),
    max: combine(x.count > 0 ? x.max : undefined, y.count > 0 ? y.max : undefined, Math.max),
  };
}

/**
 * The merged point of `a` and `b` with `value`: earliest start, latest end, `a`'s attributes,
 * and `exemplars` (by default the newest exemplars of both, exemplars.ts).
 */
export function mergedPoint<T>(
  a: DataPoint<unknown>,
  b: DataPoint<unknown>,
  value: T,
  exemplars: Exemplar[] = mergeExemplars(a.exemplars, b.exemplars),
): DataPoint<T> {
  return { startTime: earliest(a.startTime, b.startTime), endTime: latest(a.endTime, b.endTime), attributes: a.attributes, value, exemplars };
}
