// Point-level merges across processes (src/merge): one table per point type, for the
// histograms a check against recording every value in one process, and the exemplars a merged
// point keeps.
import type { HrTime } from '@opentelemetry/api';
import {
  addSumPointInto,
  AggregationType,
  downscaleBuckets,
  mergeExponentialHistogramPoints,
  mergeGaugePoints,
  mergeHistogramPoints,
  mergeBucketExemplars,
  mergeExemplars,
  mergeSumPoints,
  MeterProvider,
  type DataPoint,
  type Exemplar,
  type ExponentialHistogram,
  type GaugeMergePolicy,
  type Histogram,
  type View,
} from '../src';
import { CUMULATIVE, TestReader } from './helpers';

function point<T>(value: T, start: HrTime, end: HrTime): DataPoint<T> {
  return { startTime: start, endTime: end, attributes: { k: 'v' }, value };
}

describe('mergeSumPoints', () => {
  it.each([
    ['adds values', 3, 4, 7],
    ['keeps negative (up-down) values', -2, 5, 3],
    ['adds zero', 0, 0, 0],
    ['keeps fractional values', 0.5, 0.25, 0.75],
  ])('%s', (_label, a, b, expected) => {
    const merged = mergeSumPoints(point(a, [10, 5], [20, 0]), point(b, [9, 999], [21, 1]));
    expect(merged.value).toBe(expected);
    expect(merged.startTime).toEqual([9, 999]);
    expect(merged.endTime).toEqual([21, 1]);
    expect(merged.attributes).toEqual({ k: 'v' });
  });
});

describe('addSumPointInto', () => {
  it('gives the same result as mergeSumPoints, in the given point', () => {
    const into = { ...point(3, [10, 5] as HrTime, [20, 0] as HrTime) };
    const from = point(4, [9, 999], [21, 1]);
    const expected = mergeSumPoints(into, from);
    addSumPointInto(into, from);
    expect(into).toEqual(expected);
  });
});

describe('mergeGaugePoints', () => {
  const older = point(5, [1, 0], [10, 0]);
  const newer = point(2, [2, 0], [10, 1]);
  it.each<[GaugeMergePolicy, number]>([
    ['last', 2],
    ['min', 2],
    ['max', 5],
    ['sum', 7],
  ])('policy %s', (policy, expected) => {
    expect(mergeGaugePoints(older, newer, policy).value).toBe(expected);
    // Order of the operands does not matter for any policy.
    expect(mergeGaugePoints(newer, older, policy).value).toBe(expected);
  });
  it('last keeps the first operand on equal end times', () => {
    const a = point(1, [1, 0], [5, 0]);
    const b = point(2, [1, 0], [5, 0]);
    expect(mergeGaugePoints(a, b, 'last').value).toBe(1);
  });
});

function hist(boundaries: number[], counts: number[], extra: Partial<Histogram>): Histogram {
  const count = counts.reduce((s, c) => s + c, 0);
  return { buckets: { boundaries, counts }, count, sum: 0, ...extra };
}

describe('mergeHistogramPoints', () => {
  it.each([
    [
      'adds counts bucket by bucket and combines min/max',
      hist([1, 10], [1, 2, 0], { sum: 12, min: 0.5, max: 9 }),
      hist([1, 10], [0, 1, 3], { sum: 80, min: 2, max: 40 }),
      { counts: [1, 3, 3], count: 7, sum: 92, min: 0.5, max: 40 },
    ],
    [
      'ignores min/max of an empty side',
      hist([1], [0, 0], { sum: 0, min: Infinity, max: -Infinity }),
      hist([1], [2, 0], { sum: 1, min: 0.25, max: 0.75 }),
      { counts: [2, 0], count: 2, sum: 1, min: 0.25, max: 0.75 },
    ],
    [
      'drops the sum when one side has none (negative values possible)',
      hist([0], [1, 1], { sum: undefined, min: -1, max: 1 }),
      hist([0], [1, 0], { sum: -3, min: -3, max: -3 }),
      { counts: [2, 1], count: 3, sum: undefined, min: -3, max: 1 },
    ],
  ])('%s', (_label, a, b, expected) => {
    const merged = mergeHistogramPoints(point(a, [3, 0], [4, 0]), point(b, [2, 0], [5, 0]))!;
    expect(merged.value.buckets.counts).toEqual(expected.counts);
    expect(merged.value.count).toBe(expected.count);
    expect(merged.value.sum).toBe(expected.sum);
    expect(merged.value.min).toBe(expected.min);
    expect(merged.value.max).toBe(expected.max);
    expect(merged.startTime).toEqual([2, 0]);
    expect(merged.endTime).toEqual([5, 0]);
  });
  it('refuses different boundaries', () => {
    const a = point(hist([1, 10], [1, 0, 0], {}), [1, 0], [2, 0]);
    const b = point(hist([1, 5], [1, 0, 0], {}), [1, 0], [2, 0]);
    expect(mergeHistogramPoints(a, b)).toBeUndefined();
  });
});

describe('downscaleBuckets', () => {
  it.each([
    [{ offset: 0, bucketCounts: [1, 2, 3, 4] }, 1, { offset: 0, bucketCounts: [3, 7] }],
    [{ offset: -3, bucketCounts: [1, 1, 1] }, 1, { offset: -2, bucketCounts: [1, 2] }],
    [{ offset: 5, bucketCounts: [1, 1, 1, 1] }, 2, { offset: 1, bucketCounts: [3, 1] }],
    [{ offset: 7, bucketCounts: [] }, 3, { offset: 7, bucketCounts: [] }],
    [{ offset: 2, bucketCounts: [4] }, 0, { offset: 2, bucketCounts: [4] }],
  ])('%j down by %i', (buckets, by, expected) => {
    expect(downscaleBuckets(buckets, by)).toEqual(expected);
  });
});

function exponentialView(maxSize: number): View {
  return { matches: () => true, aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize } } };
}

async function exponentialOf(values: number[], maxSize: number): Promise<DataPoint<ExponentialHistogram>> {
  const reader = new TestReader({ temporality: CUMULATIVE });
  const meter = new MeterProvider({ readers: [reader], views: [exponentialView(maxSize)] }).getMeter('m');
  const h = meter.createHistogram('h');
  for (const v of values) h.record(v);
  const metric = await reader.metric('h');
  return metric!.dataPoints[0] as DataPoint<ExponentialHistogram>;
}

describe('mergeExponentialHistogramPoints', () => {
  it.each([
    ['narrow ranges, same scale', [1, 1.5, 2], [1.2, 1.9], 160],
    ['one side much wider forces a lower scale', [1, 2], [1, 1000, 1e6], 8],
    ['negative and zero values', [-1, -2, 0, 3], [0, -50, 7], 16],
    ['both wide beyond maxSize together', [1e-3, 1], [1e3, 1e6], 4],
  ])('%s: equals one histogram of all values', async (_label, left, right, maxSize) => {
    const a = await exponentialOf(left, maxSize);
    const b = await exponentialOf(right, maxSize);
    const merged = mergeExponentialHistogramPoints(a, b, maxSize).value;
    const whole = (await exponentialOf([...left, ...right], maxSize)).value;
    expect(merged.count).toBe(whole.count);
    expect(merged.sum).toBeCloseTo(whole.sum!, 9);
    expect(merged.zeroCount).toBe(whole.zeroCount);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    // The merge may end one scale lower than a single histogram (it cannot know which buckets
    // a single histogram would have grown into first); at the single histogram's scale or the
    // merge's, the counts agree.
    expect(merged.scale).toBeLessThanOrEqual(whole.scale);
    const align = (v: ExponentialHistogram, side: 'positive' | 'negative') =>
      trimZeros(downscaleBuckets(v[side], v.scale - merged.scale));
    expect(trimZeros(merged.positive)).toEqual(align(whole, 'positive'));
    expect(trimZeros(merged.negative)).toEqual(align(whole, 'negative'));
    expect(merged.positive.bucketCounts.length).toBeLessThanOrEqual(maxSize);
  });

  it('an empty side keeps the other unchanged', () => {
    const empty = point<ExponentialHistogram>(
      { count: 0, sum: 0, scale: 20, zeroCount: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] } },
      [1, 0], [2, 0],
    );
    const full = point<ExponentialHistogram>(
      { count: 3, sum: 6, scale: 2, zeroCount: 1, min: 0, max: 4, positive: { offset: 3, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } },
      [1, 0], [2, 0],
    );
    const merged = mergeExponentialHistogramPoints(empty, full).value;
    expect(merged).toEqual({ ...full.value, positive: { offset: 3, bucketCounts: [1, 1] } });
  });
});

function trimZeros(b: { offset: number; bucketCounts: number[] }): { offset: number; bucketCounts: number[] } {
  let start = 0;
  let end = b.bucketCounts.length;
  while (start < end && b.bucketCounts[start] === 0) start++;
  while (end > start && b.bucketCounts[end - 1] === 0) end--;
  return { offset: start < end ? b.offset + start : 0, bucketCounts: b.bucketCounts.slice(start, end) };
}

describe('mergeExemplars', () => {
  const ex = (value: number, seconds: number): Exemplar => ({ filteredAttributes: {}, value, timestamp: [seconds, 0], spanId: undefined, traceId: undefined });
  const values = (list: readonly Exemplar[]) => list.map((e) => e.value);

  it.each<[string, Exemplar[] | undefined, Exemplar[] | undefined, number[]]>([
    ['neither side has any', undefined, [], []],
    ['only one side has some', [ex(1, 1), ex(2, 2)], [], [1, 2]],
    ['only the other side has some', undefined, [ex(3, 3)], [3]],
    ['the newest of both, as many as the longer side', [ex(1, 1), ex(4, 4)], [ex(2, 2), ex(3, 3), ex(5, 5)], [3, 4, 5]],
    ['sides of one each: the newer', [ex(7, 9)], [ex(8, 2)], [7]],
    ['equal times keep the first side first', [ex(1, 5)], [ex(2, 5)], [2]],
  ])('%s', (_label, a, b, expected) => {
    expect(values(mergeExemplars(a, b))).toEqual(expected);
  });

  it('keeps the newest per bucket for explicit-bucket histograms (the aligned reservoir), in bucket order', () => {
    const boundaries = [0, 10, 100];
    const a = [ex(5, 1), ex(50, 9), ex(500, 2)];
    const b = [ex(7, 3), ex(-1, 4)];
    // Buckets: (-inf, 0] -1 | (0, 10] 5@1, 7@3 | (10, 100] 50 | (100, inf) 500.
    expect(values(mergeBucketExemplars(a, b, boundaries))).toEqual([-1, 7, 50, 500]);
    expect(values(mergeBucketExemplars(a, [], boundaries))).toEqual([5, 50, 500]);
    expect(values(mergeBucketExemplars([ex(10, 1)], [ex(10.5, 0)], boundaries))).toEqual([10, 10.5]); // 10 is in (0, 10]
  });

  it('is what every merged point carries', () => {
    const a = { ...point(1, [1, 0], [10, 0]), exemplars: [ex(1, 3)] };
    const b = { ...point(2, [1, 0], [11, 0]), exemplars: [ex(2, 4)] };
    expect(values(mergeSumPoints(a, b).exemplars!)).toEqual([2]);
    const into = { ...a };
    addSumPointInto(into, b);
    expect(values(into.exemplars!)).toEqual([2]);
    expect(values(mergeGaugePoints(a, b, 'sum').exemplars!)).toEqual([2]);
    expect(values(mergeGaugePoints(a, b, 'last').exemplars!)).toEqual([2]); // the last point, with its own
    const h = (count: number): Histogram => ({ buckets: { boundaries: [1], counts: [count, 0] }, count, sum: count, min: 0, max: 0 });
    const ha = { ...point(h(1), [1, 0], [10, 0]), exemplars: [ex(1, 3)] };
    const hb = { ...point(h(2), [1, 0], [11, 0]), exemplars: [ex(2, 4), ex(3, 1)] };
    expect(values(mergeHistogramPoints(ha, hb)!.exemplars!)).toEqual([1, 2]);
  });
});
