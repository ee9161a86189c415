// The text formats cannot carry native (exponential) histograms, and the specification
// allows converting them to fixed-bucket histograms. Every exponential bucket boundary is
// base^i with base = 2^(2^-scale), so the conversion keeps every bucket: nothing is merged.
import type { ExponentialHistogram } from '@meterkit/sdk-metrics-core';

export interface ExplicitBuckets {
  /** Upper bounds, ascending, without +Inf. */
  boundaries: number[];
  /** Non-cumulative count of each bucket; one more than boundaries (the last is the +Inf bucket). */
  counts: number[];
}

function bound(index: number, scale: number): number {
  // For scale <= 0 this is an exact power of two; for positive scales the nearest double.
  return Math.pow(2, index * Math.pow(2, -scale));
}

/**
 * Exponential bucket i holds values in (base^i, base^(i+1)] (negative buckets the mirror
 * image), the zero bucket holds zero. As `le` buckets: the negative buckets from the most
 * negative up with upper bound -base^i, then `le="0"` for the zero bucket, then the positive
 * buckets with upper bound base^(i+1). Values lying exactly on a negative boundary are counted
 * one bucket lower than Prometheus's inclusive `le` would; positive values are exact.
 */
export function exponentialToExplicit(point: ExponentialHistogram): ExplicitBuckets {
  const boundaries: number[] = [];
  const counts: number[] = [];
  const { scale, negative, positive, zeroCount } = point;
  for (let k = negative.bucketCounts.length - 1; k >= 0; k--) {
    boundaries.push(-bound(negative.offset + k, scale));
    counts.push(negative.bucketCounts[k] ?? 0);
  }
  if (zeroCount > 0 || negative.bucketCounts.length > 0) {
    boundaries.push(0);
    counts.push(zeroCount);
  }
  for (let k = 0; k < positive.bucketCounts.length; k++) {
    boundaries.push(bound(positive.offset + k + 1, scale));
    counts.push(positive.bucketCounts[k] ?? 0);
  }
  // Nothing falls above the last positive bucket: the +Inf bucket adds no count of its own.
  counts.push(0);
  return { boundaries, counts };
}
