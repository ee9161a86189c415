import { DataPointType, MeterProvider, TimeoutError } from '../src';
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
