// Regression tests for issue 11: cases where a measurement landed in the wrong series, was
// lost, or where recording threw. Each test failed on the code before its fix.
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import {
  AggregationType,
  MeterProvider,
  checkBoundaries,
  type AttributesProcessor,
  type CounterInstrument,
  type GaugeInstrument,
  type MetricData,
  type View,
} from '../src';
import { collidingHashesForTesting, hashAttributes } from '../src/state/attribute-hash';
import type { MeterImpl } from '../src/meter';
import { CUMULATIVE, DELTA, TestReader, captureDiag, hrToNanos, pointsOf, sleep } from './helpers';

function setup(temporality = CUMULATIVE, views: View[] = [], cardinalityLimit?: number) {
  const reader = new TestReader({ temporality, cardinalitySelector: cardinalityLimit === undefined ? undefined : () => cardinalityLimit });
  const provider = new MeterProvider({ readers: [reader], views });
  return { reader, provider, meter: provider.getMeter('regressions') };
}

function viewFor(name: string, extra: Partial<View>): View {
  return { matches: (instrument) => instrument.name === name, ...extra };
}

describe('observable callbacks', () => {
  it('a callback that reuses one attributes object exports one series per observed set', async () => {
    const { reader, meter } = setup();
    const gauge = meter.createObservableGauge('queue.depth');
    gauge.addCallback((result) => {
      const attrs: Attributes = {};
      for (const [queue, depth] of [['a', 1], ['b', 2], ['c', 3]] as const) {
        attrs.queue = queue;
        result.observe(depth, attrs);
      }
    });
    expect(pointsOf(await reader.metric('queue.depth'))).toEqual([
      [{ queue: 'a' }, 1],
      [{ queue: 'b' }, 2],
      [{ queue: 'c' }, 3],
    ]);
  });

  it('sets that differ only by NaN, Infinity or -Infinity stay apart on the asynchronous path', async () => {
    const { reader, meter } = setup();
    meter.createObservableGauge('g').addCallback((result) => {
      result.observe(1, { x: NaN });
      result.observe(2, { x: Infinity });
      result.observe(3, { x: -Infinity });
      result.observe(4, { x: null as unknown as number });
    });
    const points = pointsOf(await reader.metric('g'));
    expect(points).toHaveLength(4);
    const byValue = new Map(points.map(([attrs, value]) => [value, attrs]));
    expect(byValue.get(1)).toEqual({ x: NaN });
    expect(byValue.get(2)).toEqual({ x: Infinity });
    expect(byValue.get(3)).toEqual({ x: -Infinity });
    expect(byValue.get(4)).toEqual({}); // null is not an attribute value: the key is dropped
  });

  it('a throwing attributes processor loses only the observations of its own stream', async () => {
    const throwing: AttributesProcessor = {
      process() {
        throw new Error('processor bug');
      },
    };
    const { reader, meter } = setup(CUMULATIVE, [viewFor('broken', { attributesProcessor: throwing })]);
    meter.createObservableGauge('broken').addCallback((r) => r.observe(1, { a: 1 }));
    meter.createObservableGauge('fine').addCallback((r) => r.observe(2, { a: 1 }));
    meter.createCounter('sync').add(3);
    const diagCapture = captureDiag();
    try {
      const { resourceMetrics } = await reader.collect();
      const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
      expect(names.sort()).toEqual(['fine', 'sync']);
      expect(diagCapture.messages.some((m) => m.message.includes('processor bug'))).toBe(true);
    } finally {
      diagCapture.restore();
    }
  });

  it('a callback that throws does not make its series forgotten (delta and cumulative)', async () => {
    for (const temporality of [DELTA, CUMULATIVE]) {
      const { reader, meter } = setup(temporality);
      let total = 10;
      let fail = false;
      meter.createObservableCounter('c').addCallback((r) => {
        if (fail) throw new Error('source unavailable');
        r.observe(total, { k: 'v' });
      });
      const first = (await reader.collect()).resourceMetrics.scopeMetrics[0].metrics[0];
      fail = true;
      total = 15;
      const failed = await reader.collect();
      expect(failed.errors).toHaveLength(1);
      fail = false;
      total = 20;
      const third = await reader.metric('c');
      const point = third!.dataPoints[0];
      if (temporality === DELTA) {
        // 20 - 10 over the interval since the last successful observation
        expect(point.value).toBe(10);
        expect(point.startTime).toEqual(first.dataPoints[0].endTime);
      } else {
        expect(point.value).toBe(20);
        expect(point.startTime).toEqual(first.dataPoints[0].startTime);
      }
    }
  });

  it('a callback that times out does not make its series forgotten', async () => {
    const { reader, meter } = setup(DELTA);
    let total = 10;
    let hang = false;
    meter.createObservableCounter('c').addCallback(async (r) => {
      if (hang) await sleep(300);
      r.observe(total);
    });
    await reader.metric('c');
    hang = true;
    total = 15;
    const timedOut = await reader.collect({ timeoutMillis: 50 });
    expect(timedOut.errors).toHaveLength(1);
    await sleep(300); // the late observation is dropped
    hang = false;
    total = 20;
    expect(pointsOf(await reader.metric('c'))).toEqual([[{}, 10]]);
  });

  it('a successful callback that stops observing a series drops it', async () => {
    const { reader, meter } = setup(DELTA);
    let observeB = true;
    meter.createObservableCounter('c').addCallback((r) => {
      r.observe(5, { s: 'a' });
      if (observeB) r.observe(7, { s: 'b' });
    });
    await reader.metric('c');
    observeB = false;
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ s: 'a' }, 0]]);
    observeB = true;
    // b was forgotten: its whole value is new again
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ s: 'a' }, 0], [{ s: 'b' }, 7]]);
  });

  it('a callback that keeps failing while observing new sets does not grow memory without bound', async () => {
    const { reader, meter } = setup(DELTA, [], 4);
    let round = 0;
    meter.createObservableCounter('c').addCallback((result) => {
      round++;
      result.observe(1, { request: `a${round}` });
      result.observe(1, { request: `b${round}` });
      throw new Error('partial source');
    });
    for (let i = 0; i < 50; i++) await reader.collect();
    const accumulator = (meter as unknown as MeterImpl).observableInstruments[0].byReader[0][0];
    const remembered = accumulator.rememberedSeries;
    expect(remembered.table).toBeLessThanOrEqual(5);
    expect(remembered.states).toBeLessThanOrEqual(5);
    expect(remembered.table).toBeGreaterThan(2); // unobserved series are kept after failed rounds, up to the cap
  });

  it('observe() with attributes that throw when read drops that observation only', async () => {
    const { reader, meter } = setup();
    const hostile = Object.defineProperty({}, 'k', {
      enumerable: true,
      get() {
        throw new Error('getter bug');
      },
    }) as Attributes;
    meter.createObservableGauge('g').addCallback((result) => {
      result.observe(1, hostile);
      result.observe(2, { ok: 1 });
    });
    const diagCapture = captureDiag();
    try {
      const { resourceMetrics, errors } = await reader.collect();
      expect(errors).toEqual([]);
      const metric = resourceMetrics.scopeMetrics[0].metrics[0];
      expect(pointsOf(metric)).toEqual([[{ ok: 1 }, 2]]);
      expect(diagCapture.messages.some((m) => m.message.includes('getter bug'))).toBe(true);
    } finally {
      diagCapture.restore();
    }
  });

  it('a batch callback registered with an observable of another meter can be removed', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const meterA = provider.getMeter('a');
    const meterB = provider.getMeter('b');
    const own = meterA.createObservableGauge('own');
    const foreign = meterB.createObservableGauge('foreign');
    let calls = 0;
    const callback = (result: BatchObservableResult) => {
      calls++;
      result.observe(own, 1);
    };
    const observables: Observable[] = [own, foreign];
    const diagCapture = captureDiag();
    try {
      meterA.addBatchObservableCallback(callback, observables);
    } finally {
      diagCapture.restore();
    }
    await reader.collect();
    expect(calls).toBe(1);
    meterA.removeBatchObservableCallback(callback, observables);
    await reader.collect();
    expect(calls).toBe(1);
  });
});

describe('synchronous lookups', () => {
  it('an undefined value never matches a stored set that lacks the key (every hash colliding)', async () => {
    const restore = collidingHashesForTesting(0);
    try {
      const { reader, meter } = setup();
      const counter = meter.createCounter('c');
      counter.add(1, { k: 'stored' });
      // One key, like the stored set; before the fix `stored.other === undefined` matched it.
      counter.add(10, { other: undefined } as Attributes);
      expect(pointsOf(await reader.metric('c'))).toEqual([
        [{ k: 'stored' }, 1],
        [{}, 10],
      ]);
    } finally {
      restore();
    }
  });

  it('an undefined value never matches a stored set that lacks the key (a collision of the production hash)', async () => {
    // Birthday search between {k: 'a', u<i>: undefined} and {k: 'a', j: x<m>}: same key
    // count; the sets collide when the hashes of the differing pairs do.
    const undefinedPairs = new Map<number, string>();
    for (let i = 0; i < 120_000; i++) undefinedPairs.set(hashAttributes({ [`u${i}`]: undefined }, undefined), `u${i}`);
    let found: [string, string] | undefined;
    for (let m = 0; found === undefined; m++) {
      const key = undefinedPairs.get(hashAttributes({ j: `x${m}` }, undefined));
      if (key !== undefined) found = [key, `x${m}`];
      if (m > 5_000_000) throw new Error('no collision found');
    }
    const [undefinedKey, value] = found;
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { k: 'a', j: value });
    counter.add(10, { k: 'a', [undefinedKey]: undefined } as Attributes);
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ j: value, k: 'a' }, 1],
      [{ k: 'a' }, 10],
    ]);
  });

  it('recording with a null-prototype attributes object does not throw', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    const attrs = Object.create(null) as Attributes;
    attrs.k = 'v';
    expect(() => counter.add(1, attrs)).not.toThrow();
    expect(() => counter.add(2, Object.create(null) as Attributes)).not.toThrow();
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ k: 'v' }, 1],
      [{}, 2],
    ]);
  });

  it('recording a value that is not a number never throws, even when it cannot be turned into a string', () => {
    const { meter } = setup();
    const diagCapture = captureDiag();
    try {
      const counter = meter.createCounter('c');
      const hostile = {
        toString() {
          throw new Error('no');
        },
      };
      expect(() => counter.add(Object.create(null) as number)).not.toThrow();
      expect(() => counter.add(hostile as unknown as number)).not.toThrow();
      expect(() => meter.createHistogram('h').record(Symbol('s') as unknown as number)).not.toThrow();
      expect(() => (meter.createGauge('g') as GaugeInstrument).bind().record(hostile as unknown as number)).not.toThrow();
      expect(diagCapture.messages.filter((m) => m.message.includes('measurement dropped')).length).toBeGreaterThan(0);
    } finally {
      diagCapture.restore();
    }
  });

  it.each([
    ['a value changed', (a: Attributes) => (a.route = '/b')],
    ['a key added', (a: Attributes) => (a.extra = 1)],
    ['a key deleted', (a: Attributes) => delete a.route],
  ])('a consumer that changes a point\'s attributes in place (%s) cannot move the series: recording stays in it', async (_name, change) => {
    for (const temporality of [CUMULATIVE, DELTA]) {
      const { reader, meter } = setup(temporality);
      const counter = meter.createCounter('c');
      counter.add(1, { route: '/a', tags: ['x', 'y'] });
      const point = (await reader.metric('c'))!.dataPoints[0];
      // Points are read-only: the write throws here (strict code), does nothing in sloppy code.
      expect(() => change(point.attributes)).toThrow(TypeError);
      expect(point.attributes).toEqual({ route: '/a', tags: ['x', 'y'] });
      counter.add(2, { route: '/a', tags: ['x', 'y'] });
      counter.add(4, { route: '/a', tags: ['x', 'y'] });
      const points = (await reader.metric('c'))!.dataPoints;
      expect(points.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a', tags: ['x', 'y'] }, temporality === DELTA ? 6 : 7]]);
    }
  });

  it('data points come out in the order their series were created', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    const order = Array.from({ length: 40 }, (_, i) => `s${(i * 7919) % 40}`);
    for (const s of order) counter.add(1, { s });
    const metric = await reader.metric('c');
    expect(metric!.dataPoints.map((p) => p.attributes.s)).toEqual(order);
  });

  it('cumulative start times are never after the end time of a point collected right away', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    for (let i = 0; i < 200; i++) {
      counter.add(1, { i });
      const metric = await reader.metric('c');
      for (const p of metric!.dataPoints) {
        expect(hrToNanos(p.startTime) <= hrToNanos(p.endTime)).toBe(true);
      }
    }
  });

  it('a handle bound at the cardinality limit leaves the overflow series once a delta collection frees room', async () => {
    const { reader, meter } = setup(DELTA, [], 2);
    const counter = meter.createCounter('c');
    counter.add(1, { s: 'a' });
    counter.add(1, { s: 'b' });
    const bound = (counter as CounterInstrument).bind({ s: 'late' }); // the table is full: the overflow series
    bound.add(5);
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ 'otel.metric.overflow': true }, 5],
      [{ s: 'a' }, 1],
      [{ s: 'b' }, 1],
    ]);
    bound.add(7);
    counter.add(1, { s: 'c' });
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ s: 'c' }, 1],
      [{ s: 'late' }, 7],
    ]);
    bound.unbind();
    bound.add(100); // ignored after unbind
    expect(await reader.metric('c')).toBeUndefined(); // and the unbound series is released
    counter.add(1, { s: 'd' });
    counter.add(1, { s: 'e' });
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ s: 'd' }, 1],
      [{ s: 'e' }, 1],
    ]);
  });
});

describe('found by the model-based tests', () => {
  it('an own "__proto__" key is an attribute like any other (the copy used to drop it)', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    const attrs = JSON.parse('{"__proto__": "x", "a": 1}') as Attributes;
    counter.add(1, attrs);
    counter.add(2, { a: 1 });
    const points = (await reader.metric('c'))!.dataPoints;
    expect(points.map((p) => [Object.keys(p.attributes).sort(), p.value])).toEqual([
      [['__proto__', 'a'], 1],
      [['a'], 2],
    ]);
  });

  it('array entries undefined and null are one value (as in the canonical form)', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { a: [undefined] as unknown as string[] });
    counter.add(2, { a: [null] as unknown as string[] });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ a: [null] }, 3]]);
  });

  it('bind() with a view whose attributes processor throws returns a handle that records nothing', async () => {
    const throwing: AttributesProcessor = {
      process() {
        throw new Error('processor bug');
      },
    };
    const { reader, meter } = setup(CUMULATIVE, [viewFor('c', { attributesProcessor: throwing })]);
    const diagCapture = captureDiag();
    try {
      const bound = (meter.createCounter('c') as CounterInstrument).bind({ a: 1 });
      expect(() => bound.add(1)).not.toThrow();
      bound.unbind();
    } finally {
      diagCapture.restore();
    }
    expect(await reader.metric('c')).toBeUndefined();
  });
});

describe('bucket boundaries', () => {
  it('the core rejects infinite and NaN boundaries', () => {
    expect(checkBoundaries([1, Infinity])).toMatch(/finite/);
    expect(checkBoundaries([-Infinity, 1])).toMatch(/finite/);
    expect(checkBoundaries([1, NaN])).toMatch(/NaN|number/);
    expect(checkBoundaries([1, 2, 3])).toBeUndefined();
  });

  it('advisory boundaries with +Inf are ignored (default boundaries used), views with them are refused', async () => {
    const diagCapture = captureDiag();
    try {
      const { reader, meter } = setup();
      const h = meter.createHistogram('h', { advice: { explicitBucketBoundaries: [1, 10, Infinity] } });
      h.record(5);
      const metric = (await reader.metric('h')) as MetricData;
      const point = metric.dataPoints[0].value as { buckets: { boundaries: number[] } };
      expect(point.buckets.boundaries.every((b) => Number.isFinite(b))).toBe(true);
      expect(diagCapture.messages.some((m) => m.message.includes('advisory'))).toBe(true);
    } finally {
      diagCapture.restore();
    }
    const view = viewFor('v', { aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0, Infinity] } } });
    const { meter } = setup(CUMULATIVE, [view]);
    expect(() => meter.createHistogram('v')).toThrow(/finite/);
  });
});
