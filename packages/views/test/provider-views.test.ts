// Views run through a real meterkit MeterProvider: what the reader collects is what the
// operator asked for.
import { ValueType } from '@opentelemetry/api';
import { DataPointType, type Histogram, type MeterProvider } from '@meterkit/sdk-metrics-core';
import {
  Aggregation,
  AggregationType,
  InstrumentType,
  View,
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
  createView,
} from '../src';
import { TestReader, allMetrics, captureDiag, collect, metric, metricNames, points, setup } from './helpers';

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

function start(views: View[]): TestReader {
  const s = setup(views);
  provider = s.provider;
  return s.reader;
}

describe('the seed document examples', () => {
  test('rename traffic_volume to request_count for Counters', async () => {
    const reader = start([
      new View({ instrumentType: InstrumentType.COUNTER, instrumentName: 'traffic_volume', name: 'request_count' }),
    ]);
    const meter = provider!.getMeter('my-service');
    meter.createCounter('traffic_volume', { unit: 'request', description: 'total volume of requests' }).add(3, { route: '/' });
    meter.createCounter('error_rate', { unit: 'request' }).add(1);
    // Same name but another type: the view does not select it.
    provider!.getMeter('other').createUpDownCounter('traffic_volume').add(5);

    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['error_rate', 'request_count', 'traffic_volume']);
    const renamed = metric(rm, 'request_count');
    expect(renamed.descriptor.unit).toBe('request');
    expect(renamed.descriptor.description).toBe('total volume of requests');
    expect(points(renamed)).toEqual([[{ route: '/' }, 3]]);
    expect(points(metric(rm, 'traffic_volume'))).toEqual([[{}, 5]]);
  });

  test('drop process.cpu.utilization for ObservableGauges', async () => {
    const reader = start([
      new View({
        instrumentType: InstrumentType.OBSERVABLE_GAUGE,
        instrumentName: 'process.cpu.utilization',
        aggregation: Aggregation.drop(),
      }),
    ]);
    const meter = provider!.getMeter('my-service');
    meter.createObservableGauge('process.cpu.utilization').addCallback((r) => r.observe(0.5));
    meter.createObservableGauge('process.memory.usage').addCallback((r) => r.observe(1024));
    meter.createCounter('process.cpu.utilization.total').add(1);

    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['process.cpu.utilization.total', 'process.memory.usage']);
  });

  test("explicit buckets [1, 21, 50, 100, 1000] for all histograms (instrumentName: '*')", async () => {
    const reader = start([
      new View({
        instrumentType: InstrumentType.HISTOGRAM,
        instrumentName: '*',
        aggregation: Aggregation.explicitBucketHistogram([1, 21, 50, 100, 1000]),
      }),
    ]);
    const meter = provider!.getMeter('my-service');
    const latency = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (const v of [0, 1, 2, 21, 22, 1000, 1001]) latency.record(v);
    meter.createHistogram('db.client.operation.duration').record(30);
    meter.createCounter('traffic_volume').add(1);

    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['db.client.operation.duration', 'http.server.request.duration', 'traffic_volume']);
    const h = metric(rm, 'http.server.request.duration');
    expect(h.dataPointType).toBe(DataPointType.HISTOGRAM);
    const value = h.dataPoints[0].value as Histogram;
    expect(value.buckets.boundaries).toEqual([1, 21, 50, 100, 1000]);
    // (-inf,1] (1,21] (21,50] (50,100] (100,1000] (1000,+inf)
    expect(value.buckets.counts).toEqual([2, 2, 1, 0, 1, 1]);
    expect(value.count).toBe(7);
    expect(value.min).toBe(0);
    expect(value.max).toBe(1001);
    expect((metric(rm, 'db.client.operation.duration').dataPoints[0].value as Histogram).buckets.boundaries).toEqual([
      1, 21, 50, 100, 1000,
    ]);
    expect(metric(rm, 'traffic_volume').dataPointType).toBe(DataPointType.SUM);
  });

  test('the three seed views together', async () => {
    const reader = start([
      createView({ instrumentType: InstrumentType.COUNTER, instrumentName: 'traffic_volume', name: 'request_count' }),
      createView({ instrumentType: InstrumentType.OBSERVABLE_GAUGE, instrumentName: 'process.cpu.utilization', aggregation: Aggregation.drop() }),
      createView({ instrumentType: InstrumentType.HISTOGRAM, instrumentName: '*', aggregation: Aggregation.explicitBucketHistogram([1, 21, 50, 100, 1000]) }),
    ]);
    const meter = provider!.getMeter('my-service', '1.0.0');
    meter.createCounter('traffic_volume').add(1);
    meter.createObservableGauge('process.cpu.utilization').addCallback((r) => r.observe(0.5));
    meter.createHistogram('http.server.request.duration').record(42);
    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['http.server.request.duration', 'request_count']);
    expect((metric(rm, 'http.server.request.duration').dataPoints[0].value as Histogram).buckets.counts).toEqual([0, 0, 1, 0, 0, 0]);
  });
});

describe('selectors', () => {
  // Each view changes the description; the described metrics are the selected ones.
  async function selected(view: View, register: (p: MeterProvider) => void): Promise<string[]> {
    const reader = start([view]);
    register(provider!);
    const rm = await collect(reader);
    return allMetrics(rm)
      .filter((m) => m.descriptor.description === 'selected')
      .map((m) => m.descriptor.name)
      .sort();
  }

  test('instrumentName is case-insensitive', async () => {
    const names = await selected(new View({ instrumentName: 'Traffic_Volume', description: 'selected' }), (p) => {
      p.getMeter('m').createCounter('traffic_volume').add(1);
      p.getMeter('m').createCounter('traffic').add(1);
    });
    expect(names).toEqual(['traffic_volume']);
  });

  test('instrumentType', async () => {
    const names = await selected(new View({ instrumentType: InstrumentType.UP_DOWN_COUNTER, description: 'selected' }), (p) => {
      const m = p.getMeter('m');
      m.createUpDownCounter('a').add(1);
      m.createCounter('b').add(1);
      m.createGauge('c').record(1);
      m.createObservableUpDownCounter('d').addCallback((r) => r.observe(1));
    });
    expect(names).toEqual(['a']);
  });

  test('instrumentUnit', async () => {
    const names = await selected(new View({ instrumentUnit: 'ms', description: 'selected' }), (p) => {
      const m = p.getMeter('m');
      m.createHistogram('a', { unit: 'ms' }).record(1);
      m.createHistogram('b', { unit: 's' }).record(1);
      m.createHistogram('c').record(1);
    });
    expect(names).toEqual(['a']);
  });

  test('meterName, meterVersion and meterSchemaUrl', async () => {
    const register = (p: MeterProvider) => {
      p.getMeter('lib-a', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' }).createCounter('a1').add(1);
      p.getMeter('lib-a', '2.0.0').createCounter('a2').add(1);
      p.getMeter('lib-b', '1.0.0').createCounter('b1').add(1);
    };
    expect(await selected(new View({ meterName: 'lib-a', description: 'selected' }), register)).toEqual(['a1', 'a2']);
    await provider!.shutdown();
    expect(await selected(new View({ meterVersion: '1.0.0', description: 'selected' }), register)).toEqual(['a1', 'b1']);
    await provider!.shutdown();
    expect(
      await selected(new View({ meterSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0', description: 'selected' }), register),
    ).toEqual(['a1']);
    await provider!.shutdown();
    expect(await selected(new View({ meterName: 'lib-a', meterVersion: '2.0.0', description: 'selected' }), register)).toEqual([
      'a2',
    ]);
  });

  test("wildcards: '*', 'a*b*c', '?'", async () => {
    const register = (p: MeterProvider) => {
      const m = p.getMeter('m');
      for (const name of ['abc', 'a.x.b.y.c', 'acb', 'abcd', 'cpu0', 'cpu10', 'cpu']) m.createCounter(name).add(1);
    };
    expect(await selected(new View({ instrumentName: '*', description: 'selected' }), register)).toEqual([
      'a.x.b.y.c', 'abc', 'abcd', 'acb', 'cpu', 'cpu0', 'cpu10',
    ]);
    await provider!.shutdown();
    expect(await selected(new View({ instrumentName: 'a*b*c', description: 'selected' }), register)).toEqual(['a.x.b.y.c', 'abc']);
    await provider!.shutdown();
    expect(await selected(new View({ instrumentName: 'cpu?', description: 'selected' }), register)).toEqual(['cpu0']);
  });

  test("'.' and '+' in a pattern are literal", async () => {
    const register = (p: MeterProvider) => {
      const m = p.getMeter('m');
      for (const name of ['http.server', 'httpXserver', 'ab', 'aab', 'a.b']) m.createCounter(name).add(1);
    };
    expect(await selected(new View({ instrumentName: 'http.server', description: 'selected' }), register)).toEqual(['http.server']);
    await provider!.shutdown();
    // As a regular expression 'a+b' would select 'ab' and 'aab'.
    expect(await selected(new View({ instrumentName: 'a+b', description: 'selected' }), register)).toEqual([]);
    await provider!.shutdown();
    expect(await selected(new View({ instrumentName: 'a.*', description: 'selected' }), register)).toEqual(['a.b']);
  });
});

describe('stream configuration', () => {
  test('description and aggregation override (last value on a counter, sum on a histogram)', async () => {
    const reader = start([
      new View({ instrumentName: 'jobs', description: 'jobs seen', aggregation: Aggregation.lastValue() }),
      new View({ instrumentName: 'payload.size', aggregation: { type: AggregationType.SUM } }),
    ]);
    const meter = provider!.getMeter('m');
    const jobs = meter.createCounter('jobs', { description: 'original' });
    jobs.add(2);
    jobs.add(7);
    const size = meter.createHistogram('payload.size', { valueType: ValueType.INT });
    size.record(10);
    size.record(5);
    const rm = await collect(reader);
    const j = metric(rm, 'jobs');
    expect(j.descriptor.description).toBe('jobs seen');
    expect(j.dataPointType).toBe(DataPointType.GAUGE);
    expect(points(j)).toEqual([[{}, 7]]);
    const s = metric(rm, 'payload.size');
    expect(s.dataPointType).toBe(DataPointType.SUM);
    expect(points(s)).toEqual([[{}, 15]]);
  });

  test('exponential histogram', async () => {
    const reader = start([new View({ instrumentName: 'latency', aggregation: Aggregation.exponentialHistogram(20) })]);
    const h = provider!.getMeter('m').createHistogram('latency');
    for (const v of [1, 2, 4, 8]) h.record(v);
    const rm = await collect(reader);
    const m = metric(rm, 'latency');
    expect(m.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    expect((m.dataPoints[0].value as { count: number }).count).toBe(4);
  });

  test('Aggregation.default() leaves the choice to the reader', async () => {
    const reader = start([new View({ instrumentName: '*', aggregation: Aggregation.default(), description: 'selected' })]);
    const meter = provider!.getMeter('m');
    meter.createCounter('c').add(1);
    meter.createHistogram('h').record(1);
    const rm = await collect(reader);
    expect(metric(rm, 'c').dataPointType).toBe(DataPointType.SUM);
    expect(metric(rm, 'h').dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(metric(rm, 'c').descriptor.description).toBe('selected');
  });

  test('attributeKeys.allow keeps only the listed keys and merges the series', async () => {
    const reader = start([new View({ instrumentName: 'requests', attributeKeys: { allow: ['route'] } })]);
    const c = provider!.getMeter('m').createCounter('requests');
    c.add(1, { route: '/a', user: 'u1', status: 200 });
    c.add(2, { route: '/a', user: 'u2', status: 500 });
    c.add(4, { route: '/b', user: 'u1' });
    c.add(8, { user: 'u3' });
    const rm = await collect(reader);
    expect(points(metric(rm, 'requests'))).toEqual([
      [{ route: '/a' }, 3],
      [{ route: '/b' }, 4],
      [{}, 8],
    ]);
  });

  test('attributeKeys.deny removes the listed keys', async () => {
    const reader = start([new View({ instrumentName: 'requests', attributeKeys: { deny: ['user'] } })]);
    const c = provider!.getMeter('m').createCounter('requests');
    c.add(1, { route: '/a', user: 'u1' });
    c.add(2, { route: '/a', user: 'u2' });
    const rm = await collect(reader);
    expect(points(metric(rm, 'requests'))).toEqual([[{ route: '/a' }, 3]]);
  });

  test('attributesProcessors (official option) with the re-exported processors', async () => {
    const reader = start([
      new View({
        instrumentName: 'requests',
        attributesProcessors: [createAllowListAttributesProcessor(['route', 'user']), createDenyListAttributesProcessor(['user'])],
      }),
    ]);
    const c = provider!.getMeter('m').createCounter('requests');
    c.add(1, { route: '/a', user: 'u1', status: 1 });
    c.add(2, { route: '/a', user: 'u2', status: 2 });
    const rm = await collect(reader);
    expect(points(metric(rm, 'requests'))).toEqual([[{ route: '/a' }, 3]]);
  });

  test('a custom attributes processor (no keepKey) is applied', async () => {
    const reader = start([
      new View({
        instrumentName: 'requests',
        attributesProcessors: [{ process: (a) => ({ route: String(a.route).toUpperCase() }) }],
      }),
    ]);
    const c = provider!.getMeter('m').createCounter('requests');
    c.add(1, { route: '/a', user: 'u1' });
    c.add(2, { route: '/A', user: 'u2' });
    const rm = await collect(reader);
    expect(points(metric(rm, 'requests'))).toEqual([[{ route: '/A' }, 3]]);
  });

  // Specification: "overflow would not happen if the maximum number of distinct, non-overflow
  // attribute sets is less than or equal to the limit". So `limit` sets fit, the next one overflows.
  test('aggregationCardinalityLimit: up to the limit no overflow, past it otel.metric.overflow=true', async () => {
    const limit = 5;
    const reader = start([
      new View({ instrumentName: 'requests', aggregationCardinalityLimit: limit }),
      new View({ instrumentName: 'at_limit', aggregationCardinalityLimit: limit }),
    ]);
    const meter = provider!.getMeter('m');
    const c = meter.createCounter('requests');
    for (let i = 0; i < 20; i++) c.add(1, { user: `u${i}` });
    const atLimit = meter.createCounter('at_limit');
    for (let i = 0; i < limit; i++) atLimit.add(1, { user: `u${i}` });
    const rm = await collect(reader);

    const ps = points(metric(rm, 'requests'));
    const overflow = ps.filter(([attrs]) => attrs['otel.metric.overflow'] === true);
    expect(overflow).toHaveLength(1);
    expect(overflow[0][0]).toEqual({ 'otel.metric.overflow': true });
    expect(ps.length - overflow.length).toBe(limit);
    // Nothing is lost: the overflow series carries the rest.
    expect(overflow[0][1]).toBe(20 - limit);
    expect(ps.reduce((sum, [, v]) => sum + (v as number), 0)).toBe(20);

    const atLimitPoints = points(metric(rm, 'at_limit'));
    expect(atLimitPoints).toHaveLength(limit);
    expect(atLimitPoints.some(([attrs]) => 'otel.metric.overflow' in attrs)).toBe(false);
  });

  test('the limit counts attribute sets after filtering', async () => {
    const reader = start([
      new View({ instrumentName: 'requests', aggregationCardinalityLimit: 2, attributeKeys: { allow: ['route'] } }),
    ]);
    const c = provider!.getMeter('m').createCounter('requests');
    for (let i = 0; i < 50; i++) c.add(1, { route: i % 2 ? '/a' : '/b', user: `u${i}` });
    const rm = await collect(reader);
    expect(points(metric(rm, 'requests'))).toEqual([
      [{ route: '/a' }, 25],
      [{ route: '/b' }, 25],
    ]);
  });

  test('the cardinality limit of a view applies only to the streams it selects', async () => {
    const reader = start([new View({ instrumentName: 'limited', aggregationCardinalityLimit: 2 })]);
    const meter = provider!.getMeter('m');
    const limited = meter.createCounter('limited');
    const free = meter.createCounter('free');
    for (let i = 0; i < 10; i++) {
      limited.add(1, { i });
      free.add(1, { i });
    }
    const rm = await collect(reader);
    expect(points(metric(rm, 'limited'))).toHaveLength(3); // 2 sets + overflow
    expect(points(metric(rm, 'free'))).toHaveLength(10);
  });
});

describe('several views', () => {
  test('two views on one instrument produce one stream each', async () => {
    const reader = start([
      new View({ instrumentName: 'requests', name: 'requests.by_route', attributeKeys: { allow: ['route'] } }),
      new View({ instrumentName: 'requests', name: 'requests.by_status', attributeKeys: { allow: ['status'] } }),
    ]);
    const c = provider!.getMeter('m').createCounter('requests');
    c.add(1, { route: '/a', status: 200 });
    c.add(2, { route: '/b', status: 200 });
    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['requests.by_route', 'requests.by_status']);
    expect(points(metric(rm, 'requests.by_route'))).toEqual([
      [{ route: '/a' }, 1],
      [{ route: '/b' }, 2],
    ]);
    expect(points(metric(rm, 'requests.by_status'))).toEqual([[{ status: 200 }, 3]]);
  });

  test('an instrument no view selects keeps its default stream', async () => {
    const reader = start([new View({ instrumentName: 'other', aggregation: Aggregation.drop() })]);
    provider!.getMeter('m').createCounter('requests').add(1, { a: 'b' });
    const rm = await collect(reader);
    expect(metricNames(rm)).toEqual(['requests']);
    expect(points(metric(rm, 'requests'))).toEqual([[{ a: 'b' }, 1]]);
  });

  test('two views giving different instruments the same stream name: a diag warning names both, both streams are exported', async () => {
    const { result: rm, warnings } = await captureDiag(async () => {
      const reader = start([
        new View({ instrumentName: 'jobs.started', name: 'jobs' }),
        new View({ instrumentName: 'jobs.latency', name: 'jobs' }),
      ]);
      const meter = provider!.getMeter('m');
      meter.createCounter('jobs.started').add(1);
      meter.createHistogram('jobs.latency', { unit: 'ms' }).record(5);
      return collect(reader);
    });
    const jobs = allMetrics(rm).filter((m) => m.descriptor.name === 'jobs');
    expect(jobs.map((m) => m.dataPointType).sort()).toEqual([DataPointType.HISTOGRAM, DataPointType.SUM].sort());
    const conflict = warnings.filter((w) => w.includes('jobs.started') && w.includes('jobs.latency'));
    expect(conflict.length).toBeGreaterThanOrEqual(1);
  });
});
