// The start time of a cumulative point, as an HrTime array shared by the points of series
// that started in the same millisecond. A fresh [seconds, nanos] array per point was half of
// what collecting 100k series allocates (64 of ~130 bytes a point): when V8 has not moved the
// points to the old generation at allocation (its choice, made from how long earlier
// collections' points lived), the young-generation collections that copy and then promote
// them paused the application 35-145 ms during the export on the bench machine
// (export.event-loop-block with --no-allocation-site-pretenuring, or after the collection
// rows in the full run). Sharing halves that work.
// Invariants: the start is the series' creation time floored to the millisecond, so it is
// never after the series' first measurement (nor after any end time), and it is the same
// in every collection of the series. The arrays are frozen: they are shared by points of
// several series and collections, and points are read-only data.
import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_MILLI = 1_000_000;

/** The last array handed out: a stream's series are read in creation order, so neighbours mostly share it. */
let lastSeconds = -1;
let lastMillis = -1;
let last: HrTime = Object.freeze([0, 0]) as unknown as HrTime;

/** The start time of a series created at `seconds`/`nanos`, to the millisecond, as a frozen array. */
export function startTimeOf(seconds: number, nanos: number): HrTime {
  const millis = Math.floor(nanos / NANOS_PER_MILLI);
  if (seconds !== lastSeconds || millis !== lastMillis) {
    lastSeconds = seconds;
    lastMillis = millis;
    last = Object.freeze([seconds, millis * NANOS_PER_MILLI]) as unknown as HrTime;
  }
  return last;
}
