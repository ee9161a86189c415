// When an exemplar's measurement was taken, read only once the filter let it through. The
// same clock as the points' start and end times (@opentelemetry/core's hrTime: the
// performance time origin plus performance.now()), with the origin converted once instead of
// on every call — the conversion was half the cost of hrTime().
import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000;
const ORIGIN = toHrTime(performance.timeOrigin);

function toHrTime(millis: number): HrTime {
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1_000_000)];
}

/** Now, as an HrTime on the clock of @opentelemetry/core's hrTime(). */
export function measurementTime(): HrTime {
  const now = toHrTime(performance.now());
  let seconds = ORIGIN[0] + now[0];
  let nanos = ORIGIN[1] + now[1];
  if (nanos >= NANOS_PER_SECOND) {
    nanos -= NANOS_PER_SECOND;
    seconds += 1;
  }
  return [seconds, nanos];
}
