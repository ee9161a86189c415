// An OpenTelemetry exponential histogram point as a Prometheus native histogram: the same
// base-2 layout, so the conversion is exact. Schema = scale (scales above 8, which Prometheus
// does not accept, are merged down to 8; below -4 there is no schema and the point is
// dropped). OpenTelemetry indexes a bucket by its lower boundary, Prometheus by its upper
// one: bucket `offset + i` becomes native index `offset + i + 1`. Non-empty buckets are
// written as spans (runs of consecutive indexes) and deltas (each count minus the previous).
import type { ExponentialHistogram } from '@meterkit/sdk-metrics-core';

export const MIN_SCHEMA = -4;
export const MAX_SCHEMA = 8;
/** The specification's zero threshold when the data point has none (meterkit's have none). */
export const DEFAULT_ZERO_THRESHOLD = 1e-128;

export interface BucketSpan {
  offset: number;
  length: number;
}

export interface NativeBuckets {
  spans: BucketSpan[];
  deltas: number[];
}

export interface NativeHistogram {
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  count: number;
  sum: number;
  positive: NativeBuckets;
  negative: NativeBuckets;
}

export type NativeConversion = { ok: true; histogram: NativeHistogram } | { ok: false; reason: string };

export function toNativeHistogram(point: ExponentialHistogram): NativeConversion {
  if (point.scale < MIN_SCHEMA) return { ok: false, reason: `scale ${point.scale} is below -4, the smallest native histogram schema` };
  if (point.sum === undefined) return { ok: false, reason: 'the point has no sum' };
  const shift = Math.max(0, point.scale - MAX_SCHEMA);
  return {
    ok: true,
    histogram: {
      schema: point.scale - shift,
      zeroThreshold: DEFAULT_ZERO_THRESHOLD,
      zeroCount: point.zeroCount,
      count: point.count,
      sum: point.sum,
      positive: sparseBuckets(point.positive.offset, point.positive.bucketCounts, shift),
      negative: sparseBuckets(point.negative.offset, point.negative.bucketCounts, shift),
    },
  };
}

/**
 * Dense OpenTelemetry buckets → spans and deltas, after merging 2^shift neighbours into one
 * (downscaling: index i becomes floor(i / 2^shift), so indexes stay in ascending order).
 */
export function sparseBuckets(offset: number, counts: readonly number[], shift: number): NativeBuckets {
  const spans: BucketSpan[] = [];
  const deltas: number[] = [];
  const divisor = 2 ** shift;
  let previousCount = 0;
  let lastIndex: number | undefined; // native index of the last bucket written
  let pendingIndex: number | undefined;
  let pendingCount = 0;
  const flush = (): void => {
    if (pendingIndex === undefined || pendingCount === 0) return;
    const span = spans[spans.length - 1];
    if (span !== undefined && lastIndex !== undefined && pendingIndex === lastIndex + 1) span.length++;
    else spans.push({ offset: lastIndex === undefined ? pendingIndex : pendingIndex - lastIndex - 1, length: 1 });
    deltas.push(pendingCount - previousCount);
    previousCount = pendingCount;
    lastIndex = pendingIndex;
  };
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count === 0) continue;
    const nativeIndex = Math.floor((offset + i) / divisor) + 1;
    if (nativeIndex !== pendingIndex) {
      flush();
      pendingIndex = nativeIndex;
      pendingCount = 0;
    }
    pendingCount += count;
  }
  flush();
  return { spans, deltas };
}
