// HrTime comparisons shared by the point merges: merged series start at the earliest start
// and end at the latest end of their parts.
import type { HrTime } from '@opentelemetry/api';

/** Orders two HrTimes: negative, zero or positive. */
export function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** The earlier of two HrTimes. */
export function earliest(a: HrTime, b: HrTime): HrTime {
  return compareHrTime(a, b) <= 0 ? a : b;
}

/** The later of two HrTimes. */
export function latest(a: HrTime, b: HrTime): HrTime {
  return compareHrTime(a, b) >= 0 ? a : b;
}
