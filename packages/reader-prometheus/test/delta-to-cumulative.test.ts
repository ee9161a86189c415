// Delta data from producers becomes cumulative in the reader: accumulation, the start-time
// rules (aligned, quiet interval, gap, overlap), the per-stream limit, and the exact
// exposition a scrape of a delta producer gives.
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  MeterProvider,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '../src';
import { DeltaToCumulative } from '../src/delta-to-cumulative';
import { mergeExponential } from '../src/exponential-merge';
import { WarnOnce } from '../src/warn-once';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';

const t = (s: number): HrTime => [1700000000 + s, 0];

function deltaSum(points: Array<[Attributes, number, number, number]>, monotonic = true): MetricData {
  return {
    descriptor: { name: 'jobs', description: 'Jobs', unit: '', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.SUM,
    isMonotonic: monotonic,
    dataPoints: points.map(([attributes, value, start, end]) => ({ attributes, value, startTime: t(start), endTime: t(end) })),
  };
}

function deltaHistogram(points: Array<[Attributes, Histogram, number, number]>): MetricData {
  return {
    descriptor: { name: 'latency', description: '', unit: 's', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: points.map(([attributes, value, start, end]) => ({ attributes, value, startTime: t(start), endTime: t(end) })),
  };
}

function batch(...metrics: MetricData[]): ResourceMetrics {
  return { resource: emptyResource(), scopeMetrics: [{ scope: { name: 'bridge' }, metrics }] };
}

function points(result: ResourceMetrics) {
  const metric = result.scopeMetrics[0]!.metrics[0]!;
  expect(metric.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
  return metric.dataPoints.map((p) => ({ attributes: p.attributes, start: p.startTime[0] - 1700000000, end: p.endTime[0] - 1700000000, value: p.value }));
}

let diagCapture: ReturnType<typeof captureDiag>;
beforeEach(() => (diagCapture = captureDiag()));
afterEach(() => diagCapture.restore());

describe('start-time rules', () => {
  test('aligned deltas add up from the first start time; a quiet series keeps its total and accepts a delta starting where the last collection ended', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    points(converter.convert(batch(deltaSum([[{ k: 'a' }, 2, 0, 10], [{ k: 'b' }, 1, 0, 10]]))));
    // b is quiet in the second interval
    expect(points(converter.convert(batch(deltaSum([[{ k: 'a' }, 3, 10, 20]]))))).toEqual([
      { attributes: { k: 'a' }, start: 0, end: 20, value: 5 },
      { attributes: { k: 'b' }, start: 0, end: 20, value: 1 },
    ]);
    // b's next delta starts where the previous collection ended (20), not where b's last one did (10)
    expect(points(converter.convert(batch(deltaSum([[{ k: 'b' }, 4, 20, 30]]))))).toEqual([
      { attributes: { k: 'a' }, start: 0, end: 30, value: 5 },
      { attributes: { k: 'b' }, start: 0, end: 30, value: 5 },
    ]);
  });

  test('a gap (restart, lost data) starts the series again from the new point; an overlap is dropped with a warning', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    converter.convert(batch(deltaSum([[{}, 2, 0, 10]])));
    expect(points(converter.convert(batch(deltaSum([[{}, 7, 50, 60]]))))).toEqual([{ attributes: {}, start: 50, end: 60, value: 7 }]);
    expect(points(converter.convert(batch(deltaSum([[{}, 100, 55, 70]]))))).toEqual([{ attributes: {}, start: 50, end: 70, value: 7 }]);
    expect(diagCapture.warnings().join()).toMatch(/a delta point of "jobs" starts before the previous one ended/);
  });

  test('cumulative data passes through untouched (the same objects)', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    const data = batch({ ...deltaSum([[{}, 1, 0, 1]]), aggregationTemporality: AggregationTemporality.CUMULATIVE } as MetricData);
    expect(converter.convert(data)).toBe(data);
  });
});

describe('bounded memory', () => {
  test('past the stream limit new series go to the overflow series; nothing is lost', () => {
    const limits: InstrumentType[] = [];
    const converter = new DeltaToCumulative((type) => (limits.push(type), 3), new WarnOnce());
    converter.convert(batch(deltaSum([[{ k: 'a' }, 1, 0, 10], [{ k: 'b' }, 1, 0, 10], [{ k: 'c' }, 1, 0, 10], [{ k: 'd' }, 1, 0, 10]])));
    const result = points(converter.convert(batch(deltaSum([[{ k: 'e' }, 5, 10, 20], [{ k: 'a' }, 1, 10, 20]]))));
    expect(result).toEqual([
      { attributes: { k: 'a' }, start: 0, end: 20, value: 2 },
      { attributes: { k: 'b' }, start: 0, end: 20, value: 1 },
      { attributes: { 'otel.metric.overflow': true }, start: 0, end: 20, value: 7 },
    ]);
    expect(limits[0]).toBe(InstrumentType.COUNTER);
    expect(diagCapture.warnings().join()).toMatch(/delta metric "jobs" has more than 3 series/);
  });
});

describe('histograms', () => {
  const h = (counts: number[], sum: number, boundaries = [1, 10]): Histogram => ({
    buckets: { boundaries, counts },
    sum,
    count: counts.reduce((a, b) => a + b, 0),
    min: 0.5,
    max: sum,
  });

  test('explicit buckets add up; new boundaries start the series again', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    converter.convert(batch(deltaHistogram([[{}, h([1, 0, 0], 0.5), 0, 10]])));
    expect(points(converter.convert(batch(deltaHistogram([[{}, h([0, 2, 1], 20), 10, 20]]))))[0]!.value).toEqual({
      buckets: { boundaries: [1, 10], counts: [1, 2, 1] },
      sum: 20.5,
      count: 4,
      min: 0.5,
      max: 20,
    });
    expect(points(converter.convert(batch(deltaHistogram([[{}, h([3, 0], 2, [5]), 20, 30]]))))[0]).toMatchObject({
      start: 20,
      value: { buckets: { boundaries: [5], counts: [3, 0] }, count: 3 },
    });
  });

  test('exponential points of different scales merge at the smaller scale, exactly', () => {
    const a: ExponentialHistogram = { count: 3, sum: 10, scale: 1, zeroCount: 0, positive: { offset: 2, bucketCounts: [1, 2] }, negative: { offset: 0, bucketCounts: [] } };
    const b: ExponentialHistogram = { count: 2, sum: 5, scale: 0, zeroCount: 1, positive: { offset: 1, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } };
    // Scale 1 → 0: indexes 2, 3 → 1, 1.
    expect(mergeExponential(a, b)).toEqual({ count: 5, sum: 15, scale: 0, zeroCount: 1, positive: { offset: 1, bucketCounts: [4] }, negative: { offset: 0, bucketCounts: [] } });
  });

  test('exponential buckets spread beyond the budget are downscaled until they fit', () => {
    const a: ExponentialHistogram = { count: 1, sum: 1, scale: 4, zeroCount: 0, positive: { offset: 0, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } };
    const b: ExponentialHistogram = { count: 1, sum: 1, scale: 4, zeroCount: 0, positive: { offset: 1000, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } };
    const merged = mergeExponential(a, b, 160);
    expect(merged.positive.bucketCounts.length).toBeLessThanOrEqual(160);
    expect(merged.positive.bucketCounts.reduce((x, y) => x + y, 0)).toBe(2);
    expect(merged.scale).toBe(1); // 1000 / 2^3 = 125 buckets apart
  });
});

test('a scrape of a delta producer serves cumulative counters and histograms (exact text)', async () => {
  let round = 0;
  const producer: MetricProducer = {
    collect: async () => {
      round++;
      const start = (round - 1) * 10;
      return {
        resourceMetrics: batch(
          deltaSum([[{ k: 'a' }, 2, start, start + 10]]),
          deltaHistogram([[{}, { buckets: { boundaries: [1], counts: [1, round] }, sum: 0.5 + 2 * round, count: 1 + round }, start, start + 10]]),
        ),
        errors: [],
      };
    },
  };
  const reader = new PrometheusReader({ preventServerStart: true, withoutTargetInfo: true, metricProducers: [producer] });
  const provider = new MeterProvider({ resource: emptyResource(), readers: [reader] });
  try {
    await reader.getMetrics();
    const second = await reader.getMetrics({ accept: 'application/openmetrics-text; version=1.0.0' });
    expect(second.body).toBe(
      '# HELP jobs Jobs\n' +
        '# TYPE jobs counter\n' +
        'jobs_total{k="a",otel_scope_name="bridge"} 4\n' +
        'jobs_created{k="a",otel_scope_name="bridge"} 1700000000\n' +
        '# TYPE latency_seconds histogram\n' +
        '# UNIT latency_seconds seconds\n' +
        'latency_seconds_bucket{otel_scope_name="bridge",le="1.0"} 2\n' +
        'latency_seconds_bucket{otel_scope_name="bridge",le="+Inf"} 5\n' +
        'latency_seconds_sum{otel_scope_name="bridge"} 7\n' +
        'latency_seconds_count{otel_scope_name="bridge"} 5\n' +
        'latency_seconds_created{otel_scope_name="bridge"} 1700000000\n' +
        '# EOF\n',
    );
    expect(diagCapture.warnings().join()).not.toMatch(/delta temporality/);
  } finally {
    await provider.shutdown();
  }
});
