// Behaviour of the Base2 exponential histogram aggregation: exact bucket layouts, automatic
// downscaling within maxSize, merges across scales, negative values, zero, ignored NaN/Inf,
// options, and a seeded randomized property test.
import {
  ExponentialHistogramAggregator,
  mapToIndex,
  type ExponentialHistogramAccumulation,
  type ExponentialHistogramAggregatorOptions,
} from '../src/aggregators/exponential-histogram';
import { DataPointType, type ExponentialHistogram } from '../src/data/metric-data';
import { capacity, windowLength } from '../src/aggregators/exponential-histogram/bucket-window';
import { inBucket, mulberry32, randomMagnitude } from './exponential-histogram-helpers';

function histogramOf(values: number[], options: ExponentialHistogramAggregatorOptions = {}) {
  const aggregator = new ExponentialHistogramAggregator(options);
  const acc = aggregator.createAccumulation();
  for (const v of values) acc.record(v);
  return { aggregator, acc, point: aggregator.toPointValue(acc) };
}

/** Bucket index → count of a range, zero buckets left out. */
function nonZeroBuckets(range: { offset: number; bucketCounts: number[] }): Map<number, number> {
  const out = new Map<number, number>();
  range.bucketCounts.forEach((c, i) => {
    if (c !== 0) out.set(range.offset + i, c);
  });
  return out;
}

describe('ExponentialHistogramAggregator', () => {
  it('declares its data point type and the default sizes', () => {
    const aggregator = new ExponentialHistogramAggregator();
    expect(aggregator.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    expect(aggregator.maxSize).toBe(160);
    expect(aggregator.maxScale).toBe(20);
  });

  describe('bucket layouts', () => {
    it('records 1, 2, 4 at scale 0 into buckets -1, 0, 1', () => {
      const { point } = histogramOf([1, 2, 4], { maxScale: 0 });
      expect(point).toEqual<ExponentialHistogram>({
        count: 3,
        sum: 7,
        min: 1,
        max: 4,
        scale: 0,
        zeroCount: 0,
        positive: { offset: -1, bucketCounts: [1, 1, 1] },
        negative: { offset: 0, bucketCounts: [] },
      });
    });

    it('records 1, 2, 4 with the defaults at the highest scale that fits 160 buckets (6)', () => {
      // At scale 6 (64 buckets per octave) the indices are -1, 63 and 127: 129 buckets.
      // Scale 7 would need 257.
      const { point } = histogramOf([1, 2, 4]);
      expect(point.scale).toBe(6);
      expect(point.positive.offset).toBe(-1);
      expect(point.positive.bucketCounts).toHaveLength(129);
      expect(nonZeroBuckets(point.positive)).toEqual(
        new Map([
          [-1, 1],
          [63, 1],
          [127, 1],
        ]),
      );
    });

    it('keeps a single value at maxScale', () => {
      const { point } = histogramOf([3.5]);
      expect(point.scale).toBe(20);
      expect(point.positive).toEqual({ offset: mapToIndex(3.5, 20), bucketCounts: [1] });
    });

    it('records 1..4 at maxSize 4 at scale 0', () => {
      // Scale 1 would need buckets -1..3 (5 buckets); at scale 0: 1 → -1, 2 → 0, 3 and 4 → 1.
      const { point } = histogramOf([1, 2, 3, 4], { maxSize: 4 });
      expect(point.scale).toBe(0);
      expect(point.positive).toEqual({ offset: -1, bucketCounts: [1, 1, 2] });
    });

    it('records 1..10 at maxSize 4 at scale -1', () => {
      // Scale 0 needs buckets -1..3 (5). At scale -1 (base 4): (1/4, 1] (4, 16]...: 1 → -1,
      // 2..4 → 0, 5..10 → 1.
      const values = Array.from({ length: 10 }, (_, i) => i + 1);
      const { point } = histogramOf(values, { maxSize: 4 });
      expect(point.scale).toBe(-1);
      expect(point.positive).toEqual({ offset: -1, bucketCounts: [1, 3, 6] });
      expect(point.count).toBe(10);
      expect(point.sum).toBe(55);
    });

    it('puts exact powers of two in the bucket below them (upper-inclusive) at scale 2', () => {
      // Scale 2: four buckets per octave; 2 is the upper boundary of bucket 3, 2.0000001 opens bucket 4.
      const { point } = histogramOf([2, 2.0000001], { maxScale: 2 });
      expect(point.positive).toEqual({ offset: 3, bucketCounts: [1, 1] });
    });

    it('records the extremes of the double range', () => {
      const { point } = histogramOf([Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022], { maxSize: 4 });
      // 2**-1022 and MIN_VALUE are powers of two (indices -1023 and -1075 at scale 0), MAX_VALUE
      // is at 1023: only scale -10 (indices -1, -2, 0) and -9 (-2, -3, 1) are candidates;
      // -9 spans 5 buckets, so -10.
      expect(point.scale).toBe(-10);
      expect(point.positive).toEqual({ offset: -2, bucketCounts: [1, 1, 1] });
    });

    it('goes below scale -10 when maxSize 2 cannot hold the whole double range at -10', () => {
      const { point } = histogramOf([Number.MAX_VALUE, Number.MIN_VALUE], { maxSize: 2 });
      expect(point.scale).toBe(-11);
      expect(point.positive).toEqual({ offset: -1, bucketCounts: [1, 1] });
    });
  });

  describe('downscaling', () => {
    it('lowers the scale by the minimum needed at each step', () => {
      const aggregator = new ExponentialHistogramAggregator({ maxSize: 4 });
      const acc = aggregator.createAccumulation();
      const steps: Array<[number, number, { offset: number; bucketCounts: number[] }]> = [
        // value, expected scale, expected positive range
        [1, 20, { offset: -1, bucketCounts: [1] }],
        // 2 is at 2**20 - 1 at scale 20; only at scale 1 (buckets -1..1) do 1 and 2 fit in 4.
        [2, 1, { offset: -1, bucketCounts: [1, 0, 1] }],
        // 4 is bucket 3 at scale 1: -1..3 is 5 buckets, scale 0 gives -1..1.
        [4, 0, { offset: -1, bucketCounts: [1, 1, 1] }],
        // 3 is inside the window: no change.
        [3, 0, { offset: -1, bucketCounts: [1, 1, 2] }],
        // 0.25 is bucket -3 at scale 0: -3..1 is 5 buckets; at scale -1: -2..0.
        [0.25, -1, { offset: -2, bucketCounts: [1, 1, 3] }],
      ];
      for (const [value, scale, positive] of steps) {
        acc.record(value);
        const point = aggregator.toPointValue(acc);
        expect({ value, scale: point.scale, positive: point.positive }).toEqual({ value, scale, positive });
      }
    });

    it('downscales both ranges together when one of them overflows', () => {
      const { point } = histogramOf([-1, -1.5, 1, 1000], { maxSize: 4 });
      // The positive range (1 and 1000) forces scale -2 (base 16): 1 → -1, 1000 → 2.
      expect(point.scale).toBe(-2);
      expect(point.positive).toEqual({ offset: -1, bucketCounts: [1, 0, 0, 1] });
      expect(point.negative).toEqual({ offset: -1, bucketCounts: [1, 1] });
    });

    it('never holds more than maxSize buckets per range', () => {
      for (const maxSize of [2, 3, 4, 7, 20]) {
        const aggregator = new ExponentialHistogramAggregator({ maxSize });
        const acc = aggregator.createAccumulation();
        for (let v = 1e-30; v < 1e30; v *= 7.3) {
          acc.record(v);
          acc.record(-v / 3);
          expect(windowLength(acc.positive)).toBeLessThanOrEqual(maxSize);
          expect(windowLength(acc.negative)).toBeLessThanOrEqual(maxSize);
          expect(capacity(acc.positive)).toBeLessThanOrEqual(maxSize);
          expect(capacity(acc.negative)).toBeLessThanOrEqual(maxSize);
        }
      }
    });
  });

  describe('negative values, zero and non-finite values', () => {
    it('maps negative values by magnitude into the negative range', () => {
      const { point } = histogramOf([-1, -2, -4, -4], { maxScale: 0, recordSum: false });
      expect(point).toEqual<ExponentialHistogram>({
        count: 4,
        min: -4,
        max: -1,
        scale: 0,
        zeroCount: 0,
        positive: { offset: 0, bucketCounts: [] },
        negative: { offset: -1, bucketCounts: [1, 1, 2] },
      });
      expect('sum' in point).toBe(false);
    });

    it('counts zero (and -0) in zeroCount, outside both ranges', () => {
      const { point } = histogramOf([0, -0, 0, 5], { maxScale: 0 });
      expect(point.zeroCount).toBe(3);
      expect(point.count).toBe(4);
      expect(point.min).toBe(0);
      expect(point.max).toBe(5);
      expect(point.positive).toEqual({ offset: 2, bucketCounts: [1] });
      expect(point.negative.bucketCounts).toEqual([]);
    });

    it('ignores NaN and ±Infinity entirely', () => {
      const { point } = histogramOf([NaN, 1, Infinity, -Infinity, 2, NaN], { maxScale: 0 });
      expect(point).toEqual<ExponentialHistogram>({
        count: 2,
        sum: 3,
        min: 1,
        max: 2,
        scale: 0,
        zeroCount: 0,
        positive: { offset: -1, bucketCounts: [1, 1] },
        negative: { offset: 0, bucketCounts: [] },
      });
      const onlyBad = histogramOf([NaN, Infinity, -Infinity]).point;
      expect(onlyBad.count).toBe(0);
      expect(onlyBad.sum).toBe(0);
      expect(onlyBad.scale).toBe(20);
    });
  });

  describe('options', () => {
    it.each([[0], [1], [2.5], [-3], [NaN]])('rejects maxSize %p with a RangeError naming it', (maxSize) => {
      expect(() => new ExponentialHistogramAggregator({ maxSize })).toThrow(RangeError);
      expect(() => new ExponentialHistogramAggregator({ maxSize })).toThrow(/maxSize must be an integer >= 2/);
    });

    it.each([[21], [-11], [1.5], [NaN]])('rejects maxScale %p with a RangeError naming it', (maxScale) => {
      expect(() => new ExponentialHistogramAggregator({ maxScale })).toThrow(RangeError);
      expect(() => new ExponentialHistogramAggregator({ maxScale })).toThrow(/maxScale must be an integer from -10 to 20/);
    });

    it('accepts the limits and undefined (defaults)', () => {
      expect(new ExponentialHistogramAggregator({ maxSize: 2, maxScale: -10 }).maxScale).toBe(-10);
      expect(new ExponentialHistogramAggregator({ maxScale: 20 }).maxScale).toBe(20);
      const a = new ExponentialHistogramAggregator({ maxSize: undefined, maxScale: undefined, recordMinMax: undefined });
      expect([a.maxSize, a.maxScale, a.recordMinMax, a.recordSum]).toEqual([160, 20, true, true]);
    });

    it('starts at maxScale', () => {
      expect(histogramOf([1.1], { maxScale: 3 }).point.scale).toBe(3);
      expect(histogramOf([1.1], { maxScale: -10 }).point.scale).toBe(-10);
    });

    it('leaves out min and max when recordMinMax is false, and sum when recordSum is false', () => {
      const { point } = histogramOf([1, 2], { recordMinMax: false, recordSum: false });
      expect(Object.keys(point).sort()).toEqual(['count', 'negative', 'positive', 'scale', 'zeroCount']);
    });

    it('reports an empty accumulation without min and max', () => {
      const { point } = histogramOf([]);
      expect(point).toEqual<ExponentialHistogram>({
        count: 0,
        sum: 0,
        scale: 20,
        zeroCount: 0,
        positive: { offset: 0, bucketCounts: [] },
        negative: { offset: 0, bucketCounts: [] },
      });
    });
  });

  describe('merge, copy, reset, diff', () => {
    function pointOf(aggregator: ExponentialHistogramAggregator, acc: ExponentialHistogramAccumulation) {
      return aggregator.toPointValue(acc);
    }

    it('merges histograms of different scales into what recording all values gives', () => {
      const aggregator = new ExponentialHistogramAggregator({ maxSize: 8 });
      const wide = [0.001, 1, 1000, -2, -1e6];
      const narrow = [10, 10.5, 11, -3];
      const a = aggregator.createAccumulation();
      const b = aggregator.createAccumulation();
      wide.forEach((v) => a.record(v));
      narrow.forEach((v) => b.record(v));
      expect(a.scale).toBeLessThan(b.scale);
      const bBefore = pointOf(aggregator, b);

      const intoNarrow = aggregator.copy(b);
      aggregator.merge(intoNarrow, a);
      const intoWide = aggregator.copy(a);
      aggregator.merge(intoWide, b);
      const all = histogramOf([...wide, ...narrow], { maxSize: 8 }).point;

      const strip = ({ sum, ...rest }: ExponentialHistogram) => ({ ...rest, sum: Math.round(sum! * 1e6) });
      expect(strip(pointOf(aggregator, intoNarrow))).toEqual(strip(all));
      expect(strip(pointOf(aggregator, intoWide))).toEqual(strip(all));
      // `from` is unchanged.
      expect(pointOf(aggregator, b)).toEqual(bBefore);
    });

    it('downscales further when the merged windows do not fit at the lower scale', () => {
      const aggregator = new ExponentialHistogramAggregator({ maxSize: 4 });
      const a = aggregator.createAccumulation();
      const b = aggregator.createAccumulation();
      [1, 2].forEach((v) => a.record(v)); // scale 1
      [1024, 2048].forEach((v) => b.record(v)); // scale 1
      aggregator.merge(a, b);
      const all = histogramOf([1, 2, 1024, 2048], { maxSize: 4 }).point;
      expect(pointOf(aggregator, a)).toEqual(all);
      // 1 → -1, 2 → 0, 1024 → 9, 2048 → 10 at scale 0; at scale -2 (base 16): -1, 0, 2, 2.
      expect(all.scale).toBe(-2);
      expect(all.positive).toEqual({ offset: -1, bucketCounts: [1, 1, 0, 2] });
    });

    it('merging into an empty accumulation gives a copy', () => {
      const aggregator = new ExponentialHistogramAggregator({ maxScale: 5 });
      const from = histogramOf([3, -7, 0], { maxScale: 5 }).acc;
      const into = aggregator.createAccumulation();
      aggregator.merge(into, from);
      expect(pointOf(aggregator, into)).toEqual(pointOf(aggregator, from));
      const empty = aggregator.createAccumulation();
      aggregator.merge(into, empty);
      expect(pointOf(aggregator, into)).toEqual(pointOf(aggregator, from));
    });

    it('copies independently', () => {
      const { aggregator, acc } = histogramOf([1, 5, -2]);
      const copy = aggregator.copy(acc);
      const before = pointOf(aggregator, acc);
      expect(pointOf(aggregator, copy)).toEqual(before);
      copy.record(1e9);
      copy.record(-1e-9);
      expect(pointOf(aggregator, acc)).toEqual(before);
      acc.record(0);
      expect(pointOf(aggregator, copy).zeroCount).toBe(0);
    });

    it('reset empties in place, keeps the buffers and returns to maxScale', () => {
      const { aggregator, acc } = histogramOf([1, 1e10, 1e-10, -5, 0], { maxSize: 40 });
      expect(acc.scale).toBeLessThan(20);
      const positive = acc.positive;
      const negative = acc.negative;
      const slots = [capacity(positive), capacity(negative)];
      aggregator.reset(acc);
      expect(acc.positive).toBe(positive);
      expect(acc.negative).toBe(negative);
      expect([capacity(acc.positive), capacity(acc.negative)]).toEqual(slots);
      expect(pointOf(aggregator, acc)).toEqual(histogramOf([], { maxSize: 40 }).point);
      // Usable again, with no stale counts.
      acc.record(2);
      expect(pointOf(aggregator, acc)).toEqual(histogramOf([2], { maxSize: 40 }).point);
    });

    it('diff returns an independent copy of current', () => {
      const aggregator = new ExponentialHistogramAggregator();
      const previous = histogramOf([1]).acc;
      const current = histogramOf([1, 2, 3]).acc;
      const d = aggregator.diff(previous, current);
      expect(d).not.toBe(current);
      expect(pointOf(aggregator, d)).toEqual(pointOf(aggregator, current));
    });
  });

  describe('randomized property test (seeded)', () => {
    const configs: ExponentialHistogramAggregatorOptions[] = [
      {},
      { maxSize: 2 },
      { maxSize: 4, maxScale: 0 },
      { maxSize: 20, maxScale: 5 },
      { maxSize: 160, maxScale: -10 },
      { maxSize: 64, maxScale: 12 },
    ];

    function randomValues(seed: number, n: number, narrow: boolean): number[] {
      const random = mulberry32(seed);
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = random();
        if (r < 0.02) values.push(0);
        else if (r < 0.03) values.push(NaN);
        else if (r < 0.035) values.push(random() < 0.5 ? Infinity : -Infinity);
        else {
          // Wide: any double; narrow: a few decades around 1 (where high scales survive).
          const magnitude = narrow ? 10 ** (random() * 6 - 3) : randomMagnitude(random);
          values.push(random() < 0.3 ? -magnitude : magnitude);
        }
      }
      return values;
    }

    it.each(configs.flatMap((c, i) => [[{ ...c }, 1000 + i, false] as const, [{ ...c }, 2000 + i, true] as const]))(
      'options %j, seed %i (narrow: %p)',
      (options, seed, narrow) => {
        const values = randomValues(seed, 3000, narrow);
        const aggregator = new ExponentialHistogramAggregator(options);
        const acc = aggregator.createAccumulation();
        let longest = 0;
        for (const v of values) {
          acc.record(v);
          longest = Math.max(longest, windowLength(acc.positive), windowLength(acc.negative), capacity(acc.positive), capacity(acc.negative));
        }
        expect(longest).toBeLessThanOrEqual(aggregator.maxSize);
        const point = aggregator.toPointValue(acc);
        const finite = values.filter(Number.isFinite);

        // Counts add up to the number of finite values.
        const bucketTotal = (r: { bucketCounts: number[] }) => r.bucketCounts.reduce((s, c) => s + c, 0);
        expect(point.count).toBe(finite.length);
        expect(point.zeroCount + bucketTotal(point.positive) + bucketTotal(point.negative)).toBe(finite.length);
        expect(point.positive.bucketCounts.length).toBeLessThanOrEqual(aggregator.maxSize);
        expect(point.negative.bucketCounts.length).toBeLessThanOrEqual(aggregator.maxSize);
        expect(point.scale).toBeLessThanOrEqual(aggregator.maxScale);
        expect(point.min).toBe(Math.min(...finite));
        expect(point.max).toBe(Math.max(...finite));

        // Every value is counted in the bucket that contains it at the final scale.
        const expectedPositive = new Map<number, number>();
        const expectedNegative = new Map<number, number>();
        for (const v of finite) {
          if (v === 0) continue;
          const index = mapToIndex(Math.abs(v), point.scale);
          if (!inBucket(Math.abs(v), index, point.scale)) throw new Error(`${v} not in bucket ${index} at scale ${point.scale}`);
          const m = v > 0 ? expectedPositive : expectedNegative;
          m.set(index, (m.get(index) ?? 0) + 1);
        }
        expect(nonZeroBuckets(point.positive)).toEqual(expectedPositive);
        expect(nonZeroBuckets(point.negative)).toEqual(expectedNegative);

        // The scale is the highest that fits: one more would overflow maxSize (unless at maxScale).
        if (point.scale < aggregator.maxScale) {
          const finer = point.scale + 1;
          const span = (vs: number[]) => {
            if (vs.length === 0) return 0;
            const idx = vs.map((v) => mapToIndex(Math.abs(v), finer));
            return Math.max(...idx) - Math.min(...idx) + 1;
          };
          const spans = [span(finite.filter((v) => v > 0)), span(finite.filter((v) => v < 0))];
          expect(Math.max(...spans)).toBeGreaterThan(aggregator.maxSize);
        }

        // Merging random chunks (with copies and resets on the way) gives the same point.
        const random = mulberry32(seed ^ 0xabcdef);
        const merged = aggregator.createAccumulation();
        let chunk = aggregator.createAccumulation();
        for (const v of values) {
          chunk.record(v);
          if (random() < 0.05) {
            aggregator.merge(merged, aggregator.copy(chunk));
            aggregator.reset(chunk);
            if (random() < 0.5) chunk = aggregator.createAccumulation();
          }
        }
        aggregator.merge(merged, chunk);
        const mergedPoint = aggregator.toPointValue(merged);
        expect({ ...mergedPoint, sum: undefined }).toEqual({ ...point, sum: undefined });
        expect(mergedPoint.sum).toBeCloseTo(point.sum!, narrow ? 6 : -300);
      },
    );
  });
});
