// Merging gauge points of the same series from different processes. A gauge is a current
// value, not an amount, so there is no single right merge: the caller chooses a policy per
// instrument. 'last' (the default, see docs/design.md) keeps the point with the latest end
// time (with its exemplars); 'min', 'max' and 'sum' combine the values and keep the newest
// exemplars of both (exemplars.ts). Keeping one series per process is not a
// merge at all (the caller adds a distinguishing attribute instead) and is not handled here.
import type { DataPoint } from '../data/metric-data';
import { mergeExemplars } from './exemplars';
import { compareHrTime, earliest, latest } from './times';

/** How gauge points of one series from several sources merge: the last one, the smallest, the largest, or their sum. */
export type GaugeMergePolicy = 'last' | 'min' | 'max' | 'sum';

/** Every {@link GaugeMergePolicy}. */
export const GAUGE_MERGE_POLICIES: readonly GaugeMergePolicy[] = ['last', 'min', 'max', 'sum'];

/** Merges two gauge points of one series by a {@link GaugeMergePolicy}. */
export function mergeGaugePoints(
  a: DataPoint<number>,
  b: DataPoint<number>,
  policy: GaugeMergePolicy = 'last',
): DataPoint<number> {
  if (policy === 'last') {
    // Ties keep `a`: the merge is then stable in the order the caller folds processes.
    return compareHrTime(b.endTime, a.endTime) > 0 ? b : a;
  }
  let value: number;
  if (policy === 'min') value = Math.min(a.value, b.value);
  else if (policy === 'max') value = Math.max(a.value, b.value);
  else value = a.value + b.value;
  return {
    startTime: earliest(a.startTime, b.startTime),
    endTime: latest(a.endTime, b.endTime),
    attributes: a.attributes,
    value,
    exemplars: mergeExemplars(a.exemplars, b.exemplars),
  };
}
