// Data points in a form tests can compare with deep equality: timestamps removed (they differ
// on every run), an empty `exemplars` array removed (meterkit sets one on every point; a
// non-empty one is kept) and points sorted by their attributes (the SDK promises no order).
import type { Attributes } from '@opentelemetry/api';
import type { DataPoint, MetricData } from '@meterkit/sdk-metrics-core';

/** A data point without `startTime` / `endTime` (and without `exemplars` when it had none). */
export type TimelessPoint<T = unknown> = Omit<DataPoint<T>, 'startTime' | 'endTime'>;

function attributeKey(attributes: Attributes): string {
  // Sorted keys: two points with equal attribute sets get the same key whatever the key order.
  return JSON.stringify(Object.keys(attributes).sort().map((k) => [k, attributes[k]]));
}

function byAttributes<P extends { attributes: Attributes }>(a: P, b: P): number {
  const ka = attributeKey(a.attributes);
  const kb = attributeKey(b.attributes);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The points of `metric` (or of a list of points) without timestamps and empty exemplar lists, sorted by attributes:
 * `expect(withoutTimestamps(m)).toEqual([{ attributes: { a: 1 }, value: 3 }])`. Histogram
 * values are kept whole (buckets, count, sum, min, max).
 */
export function withoutTimestamps<T = unknown>(metric: MetricData | ReadonlyArray<DataPoint<T>> | undefined): Array<TimelessPoint<T>> {
  if (metric === undefined) return [];
  const points = (Array.isArray(metric) ? metric : (metric as MetricData).dataPoints) as ReadonlyArray<DataPoint<T>>;
  return points
    .map(({ startTime: _s, endTime: _e, exemplars, ...rest }) => (exemplars !== undefined && exemplars.length > 0 ? { ...rest, exemplars } : rest))
    .sort(byAttributes);
}

/** `[attributes, value]` pairs sorted by attributes: the shortest way to assert sums and gauges. */
export function pointsOf(metric: MetricData | undefined): Array<[Attributes, unknown]> {
  return withoutTimestamps(metric).map((p): [Attributes, unknown] => [p.attributes, p.value]);
}
