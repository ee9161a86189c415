// Adding two exponential histogram points, as delta-to-cumulative needs: both are brought to
// a common scale (the smaller one, lower still if the buckets would otherwise span more than
// `maxBuckets`), then their buckets are added. Downscaling by d merges 2^d neighbours: index
// i becomes floor(i / 2^d), which is exact (no count moves to a wrong bucket).
import type { ExponentialHistogram } from '@meterkit/sdk-metrics-core';

type Buckets = ExponentialHistogram['positive'];

/** The default bucket budget of an exponential histogram aggregation (specification: max_size 160). */
export const DEFAULT_MAX_BUCKETS = 160;

function indexRange(buckets: Buckets, shift: number): [number, number] | undefined {
  const counts = buckets.bucketCounts;
  let first = -1;
  let last = -1;
  for (let i = 0; i < counts.length; i++) {
    if ((counts[i] ?? 0) === 0) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return undefined;
  const divisor = 2 ** shift;
  return [Math.floor((buckets.offset + first) / divisor), Math.floor((buckets.offset + last) / divisor)];
}

function span(a: Buckets, b: Buckets, shiftA: number, shiftB: number): number {
  const ranges = [indexRange(a, shiftA), indexRange(b, shiftB)].filter((r): r is [number, number] => r !== undefined);
  if (ranges.length === 0) return 0;
  return Math.max(...ranges.map((r) => r[1])) - Math.min(...ranges.map((r) => r[0])) + 1;
}

function addBuckets(a: Buckets, b: Buckets, shiftA: number, shiftB: number): Buckets {
  const byIndex = new Map<number, number>();
  for (const [buckets, shift] of [
    [a, shiftA],
    [b, shiftB],
  ] as const) {
    const divisor = 2 ** shift;
    buckets.bucketCounts.forEach((count, i) => {
      if (count === 0) return;
      const index = Math.floor((buckets.offset + i) / divisor);
      byIndex.set(index, (byIndex.get(index) ?? 0) + count);
    });
  }
  if (byIndex.size === 0) return { offset: 0, bucketCounts: [] };
  const indexes = [...byIndex.keys()];
  const offset = Math.min(...indexes);
  const bucketCounts = new Array<number>(Math.max(...indexes) - offset + 1).fill(0);
  for (const [index, count] of byIndex) bucketCounts[index - offset] = count;
  return { offset, bucketCounts };
}

export function mergeExponential(a: ExponentialHistogram, b: ExponentialHistogram, maxBuckets = DEFAULT_MAX_BUCKETS): ExponentialHistogram {
  let scale = Math.min(a.scale, b.scale);
  const budget = Math.max(maxBuckets, a.positive.bucketCounts.length, b.positive.bucketCounts.length, a.negative.bucketCounts.length, b.negative.bucketCounts.length);
  // Lower the scale until both signs fit the budget (each step halves the index range).
  while (
    scale > -10 &&
    (span(a.positive, b.positive, a.scale - scale, b.scale - scale) > budget || span(a.negative, b.negative, a.scale - scale, b.scale - scale) > budget)
  ) {
    scale--;
  }
  const merged: ExponentialHistogram = {
    count: a.count + b.count,
    sum: a.sum !== undefined && b.sum !== undefined ? a.sum + b.sum : undefined,
    scale,
    zeroCount: a.zeroCount + b.zeroCount,
    positive: addBuckets(a.positive, b.positive, a.scale - scale, b.scale - scale),
    negative: addBuckets(a.negative, b.negative, a.scale - scale, b.scale - scale),
  };
  if (a.min !== undefined || b.min !== undefined) merged.min = Math.min(a.min ?? Infinity, b.min ?? Infinity);
  if (a.max !== undefined || b.max !== undefined) merged.max = Math.max(a.max ?? -Infinity, b.max ?? -Infinity);
  return merged;
}
