import { ValueType } from '@opentelemetry/api';
import { DataPointType, MeterProvider, type Histogram } from '../src';
import { CUMULATIVE, DELTA, TestReader, hrToNanos, pointsOf } from './helpers';

function setup(temporality = CUMULATIVE) {
  const reader = new TestReader({ temporality });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('test-meter', '1.2.3') };
}

describe('synchronous instruments, cumulative', () => {
  it('Counter sums per attribute set and keeps the series start time', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('requests', { unit: '{request}', description: 'served requests' });
    counter.add(1, { route: '/a' });
    counter.add(2, { route: '/a' });
    counter.add(5, { route: '/b' });
    const first = await reader.metric('requests');
    expect(first?.dataPointType).toBe(DataPointType.SUM);
    expect(first).toMatchObject({ aggregationTemporality: CUMULATIVE, isMonotonic: true });
    expect(first?.descriptor).toEqual({ name: 'requests', unit: '{request}', description: 'served requests', valueType: ValueType.DOUBLE });
    expect(pointsOf(first)).toEqual([[{ route: '/a' }, 3], [{ route: '/b' }, 5]]);

    counter.add(4, { route: '/a' });
    const second = await reader.metric('requests');
    expect(pointsOf(second)).toEqual([[{ route: '/a' }, 7], [{ route: '/b' }, 5]]);
    const a1 = first!.dataPoints.find((p) => p.attributes.route === '/a')!;
    const a2 = second!.dataPoints.find((p) => p.attributes.route === '/a')!;
    expect(a2.startTime).toEqual(a1.startTime);
    expect(hrToNanos(a2.endTime)).toBeGreaterThan(hrToNanos(a1.endTime));
  });

  it('UpDownCounter is a non-monotonic sum that goes down', async () => {
    const { reader, meter } = setup();
    const queue = meter.createUpDownCounter('queue.size');
    queue.add(5);
    queue.add(-3);
    const m = await reader.metric('queue.size');
    expect(m).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: false });
    expect(pointsOf(m)).toEqual([[{}, 2]]);
  });

  it('Gauge keeps the last value per attribute set', async () => {
    const { reader, meter } = setup();
    const gauge = meter.createGauge('temperature');
    gauge.record(20, { room: 'a' });
    gauge.record(-4, { room: 'a' });
    gauge.record(18, { room: 'b' });
    const m = await reader.metric('temperature');
    expect(m?.dataPointType).toBe(DataPointType.GAUGE);
    expect(pointsOf(m)).toEqual([[{ room: 'a' }, -4], [{ room: 'b' }, 18]]);
    // cumulative gauges keep reporting the last value
    expect(pointsOf(await reader.metric('temperature'))).toEqual([[{ room: 'a' }, -4], [{ room: 'b' }, 18]]);
  });

  it('Histogram counts into (lower, upper] buckets with sum, count, min and max', async () => {
    const { reader, meter } = setup();
    const h = meter.createHistogram('latency', { advice: { explicitBucketBoundaries: [1, 10, 100] } });
    for (const v of [0, 1, 1.5, 10, 11, 100, 1000]) h.record(v);
    const m = await reader.metric('latency');
    expect(m?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const value = m!.dataPoints[0].value as Histogram;
    expect(value.buckets).toEqual({ boundaries: [1, 10, 100], counts: [2, 2, 2, 1] });
    expect(value).toMatchObject({ count: 7, sum: 1123.5, min: 0, max: 1000 });
  });

  it('Histogram without advice uses the default boundaries', async () => {
    const { reader, meter } = setup();
    meter.createHistogram('h').record(7);
    const value = (await reader.metric('h'))!.dataPoints[0].value as Histogram;
    expect(value.buckets.boundaries).toEqual([0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
    expect(value.buckets.counts[2]).toBe(1);
  });

  it('binary search buckets agree with the boundaries for many boundaries', async () => {
    const { reader, meter } = setup();
    const boundaries = Array.from({ length: 40 }, (_, i) => i * 10);
    const h = meter.createHistogram('wide', { advice: { explicitBucketBoundaries: boundaries } });
    const values = [-5, 0, 0.1, 10, 10.5, 199, 200, 390, 391, 5000];
    for (const v of values) h.record(Math.abs(v));
    const value = (await reader.metric('wide'))!.dataPoints[0].value as Histogram;
    const expected = new Array(41).fill(0);
    for (const v of values.map(Math.abs)) {
      const i = boundaries.findIndex((b) => v <= b);
      expected[i === -1 ? 40 : i]++;
    }
    expect(value.buckets.counts).toEqual(expected);
  });
});

describe('synchronous instruments, delta', () => {
  it('Counter reports only what happened since the previous collection, intervals chain', async () => {
    const { reader, meter } = setup(DELTA);
    const counter = meter.createCounter('c');
    counter.add(3, { k: 'v' });
    const first = await reader.metric('c');
    expect(first?.aggregationTemporality).toBe(DELTA);
    expect(pointsOf(first)).toEqual([[{ k: 'v' }, 3]]);
    counter.add(4, { k: 'v' });
    const second = await reader.metric('c');
    expect(pointsOf(second)).toEqual([[{ k: 'v' }, 4]]);
    // delta series start where the previous collection ended
    expect(second!.dataPoints[0].startTime).toEqual(first!.dataPoints[0].endTime);
  });

  it('series without updates are not exported and are forgotten', async () => {
    const { reader, meter } = setup(DELTA);
    const counter = meter.createCounter('c');
    counter.add(1, { id: 'a' });
    counter.add(1, { id: 'b' });
    await reader.metric('c');
    counter.add(1, { id: 'b' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'b' }, 1]]);
    expect(await reader.metric('c')).toBeUndefined();
    // 'a' was forgotten; recording it again starts fresh
    counter.add(2, { id: 'a' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'a' }, 2]]);
  });

  it('Histogram and Gauge reset between collections', async () => {
    const { reader, meter } = setup(DELTA);
    const h = meter.createHistogram('h', { advice: { explicitBucketBoundaries: [10] } });
    const g = meter.createGauge('g');
    h.record(5);
    h.record(50);
    g.record(1);
    let metrics = await reader.metrics();
    expect((metrics.find((m) => m.descriptor.name === 'h')!.dataPoints[0].value as Histogram)).toMatchObject({ count: 2, sum: 55, min: 5, max: 50 });
    h.record(7);
    metrics = await reader.metrics();
    expect((metrics.find((m) => m.descriptor.name === 'h')!.dataPoints[0].value as Histogram)).toMatchObject({
      count: 1, sum: 7, min: 7, max: 7, buckets: { boundaries: [10], counts: [1, 0] },
    });
    expect(metrics.find((m) => m.descriptor.name === 'g')).toBeUndefined();
  });

  it('UpDownCounter in delta reports the change of the interval', async () => {
    const { reader, meter } = setup(DELTA);
    const u = meter.createUpDownCounter('u');
    u.add(5);
    await reader.metric('u');
    u.add(-2);
    expect(pointsOf(await reader.metric('u'))).toEqual([[{}, -2]]);
  });
});

describe('value types', () => {
  it('INT instruments truncate fractional values', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('ints', { valueType: ValueType.INT });
    c.add(1.9);
    c.add(2);
    const m = await reader.metric('ints');
    expect(m?.descriptor.valueType).toBe(ValueType.INT);
    expect(pointsOf(m)).toEqual([[{}, 3]]);
  });
});
