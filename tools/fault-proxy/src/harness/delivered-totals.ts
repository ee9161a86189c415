// What the collector received of the app's counter: for a cumulative counter the newest value
// of each series is its total, so the delivered total is the sum over series of the highest
// value seen. Follows the sink request by request, so the sink may be reset() to bound its
// memory in long runs.
import type { OtlpSink } from '@meterkit/otlp-sink';

export interface DeliveredTotals {
  /** Sum over series of the highest cumulative value received. */
  total(): number;
  series(): number;
  stop(): void;
}

export function trackDelivered(sink: OtlpSink, metricName: string): DeliveredTotals {
  const highest = new Map<string, number>();
  const stop = sink.onRequest((_request, points) => {
    for (const point of points) {
      if (point.name !== metricName || point.value === undefined) continue;
      const key = JSON.stringify(Object.entries(point.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
      const previous = highest.get(key);
      if (previous === undefined || point.value > previous) highest.set(key, point.value);
    }
  });
  return {
    total: () => {
      let sum = 0;
      for (const v of highest.values()) sum += v;
      return sum;
    },
    series: () => highest.size,
    stop,
  };
}
