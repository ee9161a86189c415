// The SDK's clock, as an HrTime: the clock of @opentelemetry/core's hrTime() (the performance
// time origin plus performance.now()), so that the points' times, exemplars' timestamps and
// spans' times agree. Read here rather than through @opentelemetry/core: requiring that
// package was most of the core's cold require (bench row `startup.require.*`), and the clock
// is all the core used of it on that path. The origin is converted once instead of on every
// call (the conversion was half the cost of hrTime()). test/clock.test.ts holds it to hrTime().
import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000;
const ORIGIN = toHrTime(performance.timeOrigin);

function toHrTime(millis: number): HrTime {
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1_000_000)];
}

/** Now, as an HrTime on the clock of @opentelemetry/core's hrTime(). */
export function clockNow(): HrTime {
  const now = toHrTime(performance.now());
  let seconds = ORIGIN[0] + now[0];
  let nanos = ORIGIN[1] + now[1];
  if (nanos >= NANOS_PER_SECOND) {
    nanos -= NANOS_PER_SECOND;
    seconds += 1;
  }
  return [seconds, nanos];
}
