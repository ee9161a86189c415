import { DataPointType, MeterProvider, TimeoutError, type View } from '../src';
import type { MeterImpl } from '../src/meter';
import { CUMULATIVE, DELTA, TestReader, hrToNanos, pointsOf } from './helpers';

function setup(temporality = CUMULATIVE) {
  const reader = new TestReader({ temporality });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('obs') };
}

describe('asynchronous instruments', () => {
  it('ObservableCounter exports observed totals (cumulative) with a stable start time', async () => {
    const { reader, meter } = setup();
    let total = 10;
    const c = meter.createObservableCounter('bytes.sent', { unit: 'By' });
    c.addCallback((r) => r.observe(total, { nic: 'eth0' }));
    const first = await reader.metric('bytes.sent');
    expect(first).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true, aggregationTemporality: CUMULATIVE });
    expect(pointsOf(first)).toEqual([[{ nic: 'eth0' }, 10]]);
    total = 25;
    const second = await reader.metric('bytes.sent');
    expect(pointsOf(second)).toEqual([[{ nic: 'eth0' }, 25]]);
    expect(second!.dataPoints[0].startTime).toEqual(first!.dataPoints[0].startTime);
  });

  it('ObservableCounter in delta temporality reports differences between collections', async () => {
    const { reader, meter } = setup(DELTA);
    let total = 10;
    meter.createObservableCounter('c').addCallback((r) => r.observe(total));
    const first = await reader.metric('c');
    expect(pointsOf(first)).toEqual([[{}, 10]]);
    total = 25;
    const second = await reader.metric('c');
    expect(pointsOf(second)).toEqual([[{}, 15]]);
    expect(second!.dataPoints[0].startTime).toEqual(first!.dataPoints[0].endTime);
    // a counter that went back was reset: its new total is the delta
    total = 4;
    expect(pointsOf(await reader.metric('c'))).toEqual([[{}, 4]]);
  });

  it('ObservableUpDownCounter is a non-monotonic sum; delta can be negative', async () => {
    const { reader, meter } = setup(DELTA);
    let value = 100;
    meter.createObservableUpDownCounter('mem').addCallback((r) => r.observe(value));
    await reader.metric('mem');
    value = 60;
    const m = await reader.metric('mem');
    expect(m).toMatchObject({ isMonotonic: false });
    expect(pointsOf(m)).toEqual([[{}, -40]]);
  });

  it('ObservableGauge reports the last observation of each attribute set in a callback', async () => {
    const { reader, meter } = setup();
    meter.createObservableGauge('cpu').addCallback((r) => {
      r.observe(0.5, { core: 0 });
      r.observe(0.7, { core: 0 });
      r.observe(0.1, { core: 1 });
    });
    const m = await reader.metric('cpu');
    expect(m?.dataPointType).toBe(DataPointType.GAUGE);
    expect(pointsOf(m)).toEqual([[{ core: 0 }, 0.7], [{ core: 1 }, 0.1]]);
  });

  it('series not observed any more disappear and restart with a new start time', async () => {
    const { reader, meter } = setup();
    let report = true;
    meter.createObservableCounter('c').addCallback((r) => {
      r.observe(1, { a: 1 });
      if (report) r.observe(5, { b: 1 });
    });
    const first = await reader.metric('c');
    report = false;
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ a: 1 }, 1]]);
    report = true;
    const third = await reader.metric('c');
    const b1 = first!.dataPoints.find((p) => p.attributes.b === 1)!;
    const b3 = third!.dataPoints.find((p) => p.attributes.b === 1)!;
    expect(hrToNanos(b3.startTime)).toBeGreaterThan(hrToNanos(b1.startTime));
  });

  it('removeCallback stops the observations; the same callback added twice runs once', async () => {
    const { reader, meter } = setup();
    let calls = 0;
    const cb = (r: { observe(v: number): void }) => {
      calls++;
      r.observe(1);
    };
    const g = meter.createObservableGauge('g');
    g.addCallback(cb);
    g.addCallback(cb);
    await reader.metric('g');
    expect(calls).toBe(1);
    g.removeCallback(cb);
    expect(await reader.metric('g')).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('batch callbacks observe several instruments and can be removed', async () => {
    const { reader, meter } = setup();
    const a = meter.createObservableGauge('a');
    const b = meter.createObservableCounter('b');
    const batch = (r: { observe(o: unknown, v: number, attrs?: Record<string, string>): void }) => {
      r.observe(a, 1, { x: 'y' });
      r.observe(b, 2);
    };
    meter.addBatchObservableCallback(batch as never, [a, b]);
    const metrics = await reader.metrics();
    expect(pointsOf(metrics.find((m) => m.descriptor.name === 'a'))).toEqual([[{ x: 'y' }, 1]]);
    expect(pointsOf(metrics.find((m) => m.descriptor.name === 'b'))).toEqual([[{}, 2]]);
    meter.removeBatchObservableCallback(batch as never, [a, b]);
    expect(await reader.metrics()).toEqual([]);
  });

  it('a batch callback cannot observe instruments it was not registered with', async () => {
    const { reader, meter } = setup();
    const a = meter.createObservableGauge('a');
    const other = meter.createObservableGauge('other');
    meter.addBatchObservableCallback((r) => {
      r.observe(a, 1);
      r.observe(other, 2);
    }, [a]);
    const names = (await reader.metrics()).map((m) => m.descriptor.name);
    expect(names).toEqual(['a']);
  });
});

describe('callback failures are isolated', () => {
  it('a callback that throws or rejects is reported in errors; the others still export', async () => {
    const { reader, meter } = setup();
    meter.createObservableGauge('throws').addCallback(() => {
      throw new Error('boom');
    });
    meter.createObservableGauge('rejects').addCallback(async () => {
      throw new Error('async boom');
    });
    meter.createObservableGauge('fine').addCallback((r) => r.observe(42));
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toHaveLength(2);
    expect(errors.map((e) => (e as Error).message).sort()).toEqual([
      'Callback of "rejects" failed: async boom',
      'Callback of "throws" failed: boom',
    ]);
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    expect(metrics.map((m) => m.descriptor.name)).toEqual(['fine']);
    expect(pointsOf(metrics[0])).toEqual([[{}, 42]]);
  });

  it('a callback that never resolves is bounded by the collection timeout; late observations are dropped', async () => {
    const { reader, meter } = setup();
    let lateObserve: (() => void) | undefined;
    meter.createObservableGauge('hangs').addCallback((r) => {
      lateObserve = () => r.observe(99);
      return new Promise<void>(() => {});
    });
    meter.createObservableGauge('fine').addCallback((r) => r.observe(1));
    const started = Date.now();
    const { resourceMetrics, errors } = await reader.collect({ timeoutMillis: 100 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TimeoutError);
    expect(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => m.descriptor.name)).toEqual(['fine']);
    lateObserve!();
    // the late value does not leak into the next collection
    const next = await reader.collect({ timeoutMillis: 50 });
    expect(next.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => m.descriptor.name)).toEqual(['fine']);
  });

  it('callbacks run before the synchronous state is moved', async () => {
    const { reader, meter } = setup(DELTA);
    const counter = meter.createCounter('sync');
    meter.createObservableGauge('g').addCallback((r) => {
      counter.add(5); // recorded during the callback: belongs to this collection
      r.observe(1);
    });
    expect(pointsOf(await reader.metric('sync'))).toEqual([[{}, 5]]);
  });
});

// The buffers of observed sets and the series tables of asynchronous streams outlive a
// collection (state/observed-sets.ts, state/async-accumulator.ts): what they keep must never
// leak from one collection into another.
describe('state kept between collections of asynchronous instruments', () => {
  it('two overlapping collections of one reader each export their own observations', async () => {
    const { reader, meter } = setup();
    const gates: Array<() => void> = [];
    let call = 0;
    meter.createObservableGauge('g').addCallback(async (r) => {
      const mine = ++call;
      r.observe(mine, { k: 'first' });
      await new Promise<void>((resolve) => gates.push(resolve));
      r.observe(mine * 10, { k: `second-${mine}` });
    });
    const one = reader.collect();
    const two = reader.collect(); // starts while the first one's callback waits
    while (gates.length < 2) await new Promise((resolve) => setImmediate(resolve));
    gates[1]();
    gates[0]();
    const [first, second] = await Promise.all([one, two]);
    expect(pointsOf(first.resourceMetrics.scopeMetrics[0].metrics[0])).toEqual([[{ k: 'first' }, 1], [{ k: 'second-1' }, 10]]);
    expect(pointsOf(second.resourceMetrics.scopeMetrics[0].metrics[0])).toEqual([[{ k: 'first' }, 2], [{ k: 'second-2' }, 20]]);
    // and the next collection, alone, sees only its own
    const third = reader.collect();
    while (gates.length < 3) await new Promise((resolve) => setImmediate(resolve));
    gates[2]();
    expect(pointsOf((await third).resourceMetrics.scopeMetrics[0].metrics[0])).toEqual([[{ k: 'first' }, 3], [{ k: 'second-3' }, 30]]);
  });

  it('a series outlives a collection that had a transient buffer of its own (deltas continue, one series kept)', async () => {
    const { reader, meter } = setup(DELTA);
    const gates: Array<() => void> = [];
    let call = 0;
    meter.createObservableCounter('c').addCallback(async (r) => {
      const mine = ++call;
      r.observe(mine * 10, { k: 'a' });
      if (mine === 2) await new Promise<void>((resolve) => gates.push(resolve));
    });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ k: 'a' }, 10]]);
    const kept = reader.collect(); // holds the reader's buffer while its callback waits
    while (gates.length < 1) await new Promise((resolve) => setImmediate(resolve));
    const transient = await reader.collect(); // observes into a buffer of its own
    expect(pointsOf(transient.resourceMetrics.scopeMetrics[0].metrics[0])).toEqual([[{ k: 'a' }, 20]]); // 30 - 10
    gates[0]();
    await kept; // observed 20 before 30: a reset of the source, whatever it reports
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ k: 'a' }, 20]]); // 40 - 20
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ k: 'a' }, 10]]); // 50 - 40
    const accumulator = (meter as unknown as MeterImpl).observableInstruments[0].byReader[0][0];
    expect(accumulator.rememberedSeries.states).toBe(1);
  });

  it('two streams of one instrument without a processor each keep their own series', async () => {
    const reader = new TestReader({ temporality: DELTA });
    const views: View[] = [
      { matches: (instrument) => instrument.name === 'c', name: 'c.one' },
      { matches: (instrument) => instrument.name === 'c', name: 'c.two' },
    ];
    const meter = new MeterProvider({ readers: [reader], views }).getMeter('obs');
    let total = 0;
    let sets = ['a', 'b'];
    meter.createObservableCounter('c').addCallback((r) => {
      total += 10;
      for (const k of sets) r.observe(total, { k });
    });
    for (const name of ['c.one', 'c.two']) expect(pointsOf(await reader.metric(name))).toEqual([[{ k: 'a' }, 10], [{ k: 'b' }, 10]]);
    sets = ['b', 'c'];
    const second = await reader.collect();
    for (const metric of second.resourceMetrics.scopeMetrics[0].metrics) expect(pointsOf(metric)).toEqual([[{ k: 'b' }, 10], [{ k: 'c' }, 30]]);
    const third = await reader.collect();
    for (const metric of third.resourceMetrics.scopeMetrics[0].metrics) expect(pointsOf(metric)).toEqual([[{ k: 'b' }, 10], [{ k: 'c' }, 10]]);
  });

  it('one attributes object mutated between observations gives one series per set it held', async () => {
    const { reader, meter } = setup();
    const shared: Record<string, string> = { queue: 'a' };
    let values = [1, 2];
    meter.createObservableGauge('depth').addCallback((r) => {
      shared.queue = 'a';
      r.observe(values[0], shared);
      shared.queue = 'b';
      r.observe(values[1], shared);
    });
    expect(pointsOf(await reader.metric('depth'))).toEqual([[{ queue: 'a' }, 1], [{ queue: 'b' }, 2]]);
    values = [3, 4];
    const m = await reader.metric('depth');
    expect(pointsOf(m)).toEqual([[{ queue: 'a' }, 3], [{ queue: 'b' }, 4]]);
    // exported sets are copies: the caller's object is not the point's
    expect(m!.dataPoints.every((p) => p.attributes !== shared)).toBe(true);
  });

  it('the cardinality limit prefers the sets observed first in each collection, not those of earlier ones', async () => {
    const reader = new TestReader({ temporality: CUMULATIVE, cardinalitySelector: () => 2 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('obs');
    let sets: Array<[string, number]> = [
      ['a', 1],
      ['b', 2],
    ];
    meter.createObservableCounter('c').addCallback((r) => {
      for (const [name, value] of sets) r.observe(value, { name });
    });
    const first = await reader.metric('c');
    expect(pointsOf(first)).toEqual([[{ name: 'a' }, 1], [{ name: 'b' }, 2]]);
    sets = [
      ['c', 3],
      ['d', 4],
      ['a', 5],
    ];
    const second = await reader.metric('c');
    expect(pointsOf(second)).toEqual([[{ name: 'c' }, 3], [{ name: 'd' }, 4], [{ 'otel.metric.overflow': true }, 5]]);
    sets = [
      ['a', 6],
      ['c', 7],
    ];
    const third = await reader.metric('c');
    expect(pointsOf(third)).toEqual([[{ name: 'a' }, 6], [{ name: 'c' }, 7]]);
    // a went to the overflow series in between: its series started again, at the previous
    // collection; c kept the start it got when it first had a series
    expect(hrToNanos(third!.dataPoints[0].startTime)).toBeGreaterThan(hrToNanos(first!.dataPoints[0].startTime));
    expect(third!.dataPoints[0].startTime).toEqual(second!.dataPoints[0].endTime);
    expect(third!.dataPoints[1].startTime).toEqual(second!.dataPoints[0].startTime);
  });

  it('a delta stream subtracts the previous observation of the same set, whatever object carried it', async () => {
    const { reader, meter } = setup(DELTA);
    let round = 0;
    meter.createObservableCounter('bytes').addCallback((r) => {
      round++;
      r.observe(100 * round, { nic: 'eth0', dir: 'rx' });
      // the same set in another key order, from a fresh object each time
      r.observe(10 * round, round % 2 === 0 ? { dir: 'tx', nic: 'eth0' } : { nic: 'eth0', dir: 'tx' });
    });
    await reader.metric('bytes');
    for (let i = 0; i < 3; i++) {
      expect(pointsOf(await reader.metric('bytes'))).toEqual([[{ dir: 'rx', nic: 'eth0' }, 100], [{ dir: 'tx', nic: 'eth0' }, 10]]);
    }
  });
});
