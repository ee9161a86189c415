// The bench's lower bounds are only fair if they do the real work: the OTLP encoder must
// produce the very bytes of meterkit's encoder (same fields, same order), and the
// exponential-histogram bound must count at the scale and offset the real aggregation ends
// at for the row's values (a bound at another scale would do different work).
import { PROTOBUF_METRICS_SERIALIZER } from '@meterkit/otlp-exporter-base';
import { AggregationType, DataPointType, type ExponentialHistogram } from '@meterkit/sdk-metrics-core';
import { createView } from '@meterkit/views';
import { encodeLowerBound } from '../src/lower-bound/otlp-encoder';
import { PlainPrometheusText } from '../src/lower-bound/prometheus-text';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '@meterkit/reader-prometheus';
import { createMeterkit } from '../src/sdks/meterkit';
import { createSdk, populate, type SeriesKind } from '../src/workloads/series-population';
import { routes } from '../src/workloads/attributes';
import { HM, keysOf, lowerBoundCase, readFloorCase, readObjectCase, settledScale } from '../src/workloads/many-series';

test.each(['counter', 'histogram'] as SeriesKind[])('lower bound and meterkit encode a %s collection to the same bytes', async (kind) => {
  const population = populate(createSdk('meterkit', 'cumulative', 500), kind, routes(500));
  population.recordAll(1);
  const { resourceMetrics } = await population.sdk.collect();
  const ours = Buffer.from(PROTOBUF_METRICS_SERIALIZER.serializeRequest(resourceMetrics)!);
  expect(ours.length).toBeGreaterThan(500 * 40);
  expect(encodeLowerBound(resourceMetrics).equals(ours)).toBe(true);
  await population.sdk.shutdown();
});

test.each(['counter', 'histogram'] as SeriesKind[])('the Prometheus scrape floor writes the reader\'s bytes for a %s collection, rendering labels or reusing them', async (kind) => {
  const reader = new PrometheusReader({ preventServerStart: true, cardinalitySelector: () => 1000 });
  const provider = new MeterProvider({ readers: [reader] });
  const population = populate({ meter: provider.getMeter('bench'), collect: () => reader.collect(), shutdown: () => provider.shutdown() }, kind, routes(500));
  const plain = new PlainPrometheusText();
  for (const round of [1, 2]) {
    population.recordAll(round);
    // Cumulative data and no recording in between: both collections hold the same values.
    const theirs = Buffer.from((await reader.getMetrics()).body, 'utf8');
    const mine = plain.write((await reader.collect()).resourceMetrics);
    expect(mine.length).toBeGreaterThan(500 * 60);
    expect(mine.equals(theirs)).toBe(true);
  }
  await provider.shutdown();
});

describe('the exponential-histogram lower bound', () => {
  const value = new Function('i', `return ${HM};`) as (i: number) => number;

  it('counts at the scale and offset meterkit settles at for the row values', async () => {
    const sdk = createMeterkit({ views: [createView({ instrumentName: 'x', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } })] });
    const histogram = sdk.meter.createHistogram('x');
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 1009; i++) {
      const x = value(i);
      min = Math.min(min, x);
      max = Math.max(max, x);
      histogram.record(x, { k: 'v' });
    }
    const metric = (await sdk.collect()).resourceMetrics.scopeMetrics[0].metrics[0];
    expect(metric.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    const point = metric.dataPoints[0].value as ExponentialHistogram;
    const scale = settledScale(min, max);
    expect(point.scale).toBe(scale);
    // The bound's lowest index (where its bucket array starts) is meterkit's offset.
    expect(Math.ceil(Math.log(min) * Math.LOG2E * 2 ** scale) - 1).toBe(point.positive.offset);
    expect(point.positive.bucketCounts.length).toBeLessThanOrEqual(160);
    await sdk.shutdown();
  });

  it('settles at the largest scale whose window holds the range in 160 buckets', () => {
    expect(settledScale(1, 1.5)).toBe(8); // indices -1..149 at scale 8; 300 at scale 9
    expect(settledScale(0.1, 7257.7)).toBe(3);
    expect(settledScale(2, 2 ** 20)).toBe(3); // indices 7..159: 153 buckets
    expect(settledScale(1, 2 ** 19.9)).toBe(2); // indices -1..159 at scale 3: 161 buckets, one too many
  });

  it('runs on the row values and refuses others (its bucket array is sized for them)', () => {
    const keys = keysOf([{ a: 'x' }, { a: 'y' }]);
    const { run } = lowerBoundCase(keys, 'exponential', HM).setup();
    expect(Number.isFinite(run(4))).toBe(true);
    expect(() => lowerBoundCase(keys, 'exponential', '(i % 3) + 1').setup()).toThrow(/HM/);
  });
});

describe('the "lower bound + reading the input" reference', () => {
  /** FNV-1a as the reference computes it: string characters, numbers as int32. */
  const fnv = (values: Array<string | number>): number => {
    let h = 0;
    for (const v of values) {
      if (typeof v === 'string') for (let c = 0; c < v.length; c++) h = Math.imul(h ^ v.charCodeAt(c), 16777619);
      else h = Math.imul(h ^ (v | 0), 16777619);
    }
    return h;
  };

  it('hashes every own value of the literal, inherited keys left out', () => {
    const keys = keysOf([{ method: 'GET', route: '/a', status: 200 }]);
    const proto = { inherited: 'never read' };
    const { run } = readFloorCase(keys, `Object.assign(Object.create(P), { method: 'GET', route: R, status: 200 })`, { P: proto, R: '/a' }).setup();
    expect(run(1)).toBe(fnv(['GET', '/a', 200]));
    const other = readFloorCase(keys, `{ method: 'GET', route: R, status: 200 }`, { R: '/b' }).setup();
    expect(other.run(1)).toBe(fnv(['GET', '/b', 200]));
  });
});

describe('the "lower bound + reading the reused object" reference', () => {
  // The loop's value at call i is (i & 7) + 0.5, plus the number of own values that differ
  // from the ones stored at setup; it returns the total of the last call's entry.
  it('reads and compares every own value of the object, every call, inherited keys left out', () => {
    const inheriting = Object.assign(Object.create({ inherited: 'never read' }), { method: 'POST', route: '/b', status: 201 });
    const sets = [{ method: 'GET', route: '/a', status: 200 }, inheriting];
    const { run } = readObjectCase(sets).setup();
    expect(run(2)).toBe(1.5); // call 1 on the second set, nothing changed
    // The application changes the object after the reference stored its values: the next
    // calls see it (the values are read at every call, not once).
    inheriting.route = '/c';
    inheriting.status = 404;
    expect(run(2)).toBe(1.5 + 1.5 + 2);
  });
});
