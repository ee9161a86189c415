// Cross-check against the official @opentelemetry/sdk-metrics 2.12 exponential histogram
// (a pinned devDependency): the same measurements give the same data point. Values stay in
// the normal float range, where both implementations are specified to agree.
import { ExponentialHistogramAggregator } from '../src/aggregators/exponential-histogram';
import { mulberry32 } from './exponential-histogram-helpers';

interface OfficialAccumulation {
  record(value: number): void;
  merge(other: OfficialAccumulation): void;
  toPointValue(): {
    min: number;
    max: number;
    sum: number;
    count: number;
    scale: number;
    zeroCount: number;
    positive: { offset: number; bucketCounts: number[] };
    negative: { offset: number; bucketCounts: number[] };
  };
}
// Internal module of the official SDK (not re-exported from its index): pinned version.
const official = require('@opentelemetry/sdk-metrics/build/src/aggregator/ExponentialHistogram') as {
  ExponentialHistogramAccumulation: new (startTime: [number, number], maxSize: number, recordMinMax: boolean) => OfficialAccumulation;
};

function officialPoint(acc: OfficialAccumulation) {
  const { min, max, sum, count, scale, zeroCount, positive, negative } = acc.toPointValue();
  // An empty range may come back with any offset: compare empty ranges as empty.
  const norm = (r: { offset: number; bucketCounts: number[] }) => (r.bucketCounts.length === 0 ? { offset: 0, bucketCounts: [] } : r);
  return { min, max, sum, count, scale, zeroCount, positive: norm(positive), negative: norm(negative) };
}

describe('ExponentialHistogramAggregator matches @opentelemetry/sdk-metrics', () => {
  it.each([
    [160, 'narrow', 1],
    [160, 'wide', 2],
    [20, 'narrow', 3],
    [20, 'wide', 4],
    [4, 'wide', 5],
    [2, 'narrow', 6],
  ] as const)('maxSize %i, %s values, seed %i', (maxSize, range, seed) => {
    const random = mulberry32(seed);
    const aggregator = new ExponentialHistogramAggregator({ maxSize });
    const ours = aggregator.createAccumulation();
    const theirs = new official.ExponentialHistogramAccumulation([0, 0], maxSize, true);
    for (let i = 0; i < 2000; i++) {
      const exponent = range === 'narrow' ? random() * 4 - 2 : random() * 600 - 300;
      const r = random();
      const v = r < 0.02 ? 0 : (r < 0.3 ? -1 : 1) * 10 ** exponent;
      ours.record(v);
      theirs.record(v);
    }
    expect(aggregator.toPointValue(ours)).toEqual(officialPoint(theirs));
  });

  it('agrees on values at bucket boundaries (powers of two) at scale 0 and below', () => {
    const aggregator = new ExponentialHistogramAggregator({ maxSize: 8 });
    const ours = aggregator.createAccumulation();
    const theirs = new official.ExponentialHistogramAccumulation([0, 0], 8, true);
    for (const v of [1, 2, 4, 8, 0.5, 0.25, 3, 6, 1024]) {
      ours.record(v);
      theirs.record(v);
    }
    expect(aggregator.toPointValue(ours)).toEqual(officialPoint(theirs));
  });
});
