// Estimates a quantile from histogram buckets, the way Prometheus' histogram_quantile() does:
// find the bucket holding the rank, then interpolate linearly inside it. The true value can
// be anywhere in that bucket, so the estimate is only as precise as the buckets are narrow.
// When min/max are known (OTLP carries them, Prometheus does not), they narrow the first and
// last buckets.
import type { BucketHistogram } from './pipeline-counts';

export function estimateQuantile(q: number, histogram: BucketHistogram | undefined): number | undefined {
  if (histogram === undefined) return undefined;
  const { bounds, counts } = histogram;
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (count === 0 || cumulative + count < rank) {
      cumulative += count;
      continue;
    }
    let lower = i === 0 ? Math.min(0, bounds[0] ?? 0) : bounds[i - 1];
    let upper = i < bounds.length ? bounds[i] : (histogram.max ?? bounds[bounds.length - 1]);
    if (histogram.min !== undefined && histogram.min > lower) lower = Math.min(histogram.min, upper);
    if (histogram.max !== undefined && histogram.max < upper) upper = Math.max(histogram.max, lower);
    // The +Inf bucket without a max: like histogram_quantile, answer its lower bound.
    if (!Number.isFinite(upper)) return lower;
    return lower + (upper - lower) * ((rank - cumulative) / count);
  }
  return histogram.max ?? bounds[bounds.length - 1];
}
