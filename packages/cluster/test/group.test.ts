// The primary's WorkerGroup with in-process workers on MessageChannels: the same code paths
// as worker_threads (the real-process tests are in cluster.test.ts and threads.test.ts).
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { AggregationTemporality, DataPointType, MeterProvider, type Histogram, type MetricData } from '@meterkit/sdk-metrics-core';
import { TestReader, captureDiag, findMetric } from '@meterkit/sdk-metrics-core/testing';
import { WIRE_VERSION, WorkerGroup, WorkerMetricReader, type WorkerGroupOptions } from '../src';

interface FakeWorker {
  provider: MeterProvider;
  primaryPort: MessagePort;
  workerPort: MessagePort;
}

/** Every port a test opened, closed after each test even when it fails (an open port keeps jest alive). */
const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const port of openPorts.splice(0)) port.close();
});

function startWorker(exemplarFilter?: 'always_on'): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  const provider = new MeterProvider({ readers: [new WorkerMetricReader({ port: port1 })], exemplarFilter });
  return { provider, primaryPort: port2, workerPort: port1 };
}

async function setup(workers: number, options: WorkerGroupOptions = {}, temporality = AggregationTemporality.CUMULATIVE, exemplarFilter?: 'always_on') {
  const group = new WorkerGroup(options);
  const reader = new TestReader({ metricProducers: [group.createProducer({ temporality })] });
  new MeterProvider({ readers: [reader] });
  const list: FakeWorker[] = [];
  for (let i = 0; i < workers; i++) {
    const w = startWorker(exemplarFilter);
    group.addWorker(w.primaryPort, `w${i}`);
    list.push(w);
  }
  await untilReady(group, workers);
  return { group, reader, workers: list };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function untilReady(group: WorkerGroup, n: number): Promise<void> {
  for (let i = 0; i < 500 && group.readySize < n; i++) await settle();
  expect(group.readySize).toBe(n);
}

async function metric(reader: TestReader, name: string): Promise<MetricData> {
  const { resourceMetrics } = await reader.collect();
  const found = findMetric(resourceMetrics, name);
  if (!found) throw new Error(`no metric ${name}`);
  return found;
}

function valueOf(m: MetricData, attrs: Record<string, unknown> = {}): unknown {
  return m.dataPoints.find((p) => JSON.stringify(p.attributes) === JSON.stringify(attrs))?.value;
}

async function kill(w: FakeWorker): Promise<void> {
  w.workerPort.close();
  await settle();
}

describe('WorkerGroup', () => {
  it('adds counters of all workers per attribute set, with the earliest start time', async () => {
    const { reader, workers } = await setup(3);
    workers.forEach((w, i) => {
      const c = w.provider.getMeter('app').createCounter('requests');
      c.add(i + 1, { route: '/a' });
      c.add(10, { route: '/b' });
    });
    const m = await metric(reader, 'requests');
    expect(m.dataPointType).toBe(DataPointType.SUM);
    expect(valueOf(m, { route: '/a' })).toBe(6);
    expect(valueOf(m, { route: '/b' })).toBe(30);
    workers.forEach((w) => w.workerPort.close());
  });

  it('keeps a dead worker\'s counted total (no going backwards, no double count); a new worker adds from zero', async () => {
    const { group, reader, workers } = await setup(2);
    const counters = workers.map((w) => w.provider.getMeter('app').createCounter('requests'));
    counters[0].add(5);
    counters[1].add(7);
    expect(valueOf(await metric(reader, 'requests'))).toBe(12);
    counters[0].add(100); // after its last collection: lost when it dies
    await kill(workers[0]);
    expect(group.size).toBe(1);
    expect(valueOf(await metric(reader, 'requests'))).toBe(12);
    const fresh = startWorker();
    group.addWorker(fresh.primaryPort, 'w2');
    await untilReady(group, 2);
    fresh.provider.getMeter('app').createCounter('requests').add(1);
    counters[1].add(1);
    expect(valueOf(await metric(reader, 'requests'))).toBe(14);
    expect(valueOf(await metric(reader, 'requests'))).toBe(14); // repeatable: no double count
    workers[1].workerPort.close();
    fresh.workerPort.close();
  });

  it('keeps what a worker recorded before a graceful shutdown (its final state)', async () => {
    const { group, reader, workers } = await setup(2);
    const counters = workers.map((w) => w.provider.getMeter('app').createCounter('requests'));
    counters[0].add(5);
    counters[1].add(7);
    expect(valueOf(await metric(reader, 'requests'))).toBe(12);
    counters[0].add(100); // after the last collection: kept, because the provider shuts down
    await workers[0].provider.shutdown();
    await settle();
    workers[0].workerPort.close();
    await settle();
    expect(group.size).toBe(1);
    expect(valueOf(await metric(reader, 'requests'))).toBe(112);
  });

  it('drops a dead worker\'s share of up-down counters and gauges (they describe live state)', async () => {
    const { reader, workers } = await setup(2);
    workers.forEach((w) => {
      w.provider.getMeter('app').createUpDownCounter('inflight').add(3);
      w.provider.getMeter('app').createGauge('temp').record(20);
    });
    expect(valueOf(await metric(reader, 'inflight'))).toBe(6);
    await kill(workers[0]);
    expect(valueOf(await metric(reader, 'inflight'))).toBe(3);
    workers[1].workerPort.close();
  });

  it.each([
    ['last', undefined, [1, 5, 3], 3],
    ['min', 'min', [4, 2, 9], 2],
    ['max', 'max', [4, 2, 9], 9],
    ['sum', 'sum', [4, 2, 9], 15],
  ] as const)('merges gauges with policy %s', async (_label, policy, values, expected) => {
    const { reader, workers } = await setup(3, policy ? { gauges: { temp: policy } } : {});
    for (let i = 0; i < values.length; i++) {
      workers[i].provider.getMeter('app').createGauge('temp').record(values[i]);
      await new Promise((r) => setTimeout(r, 2)); // distinct record times for 'last'
    }
    expect(valueOf(await metric(reader, 'temp'))).toBe(expected);
    workers.forEach((w) => w.workerPort.close());
  });

  it('keeps one gauge series per worker with the worker policy', async () => {
    const { reader, workers } = await setup(2, { defaultGaugePolicy: 'worker', workerAttribute: 'pid' });
    workers.forEach((w, i) => w.provider.getMeter('app').createGauge('heap').record(100 + i, { kind: 'used' }));
    const m = await metric(reader, 'heap');
    expect(valueOf(m, { kind: 'used', pid: 'w0' })).toBe(100);
    expect(valueOf(m, { kind: 'used', pid: 'w1' })).toBe(101);
    workers.forEach((w) => w.workerPort.close());
  });

  it('merges histograms bucket by bucket with min/max', async () => {
    const { reader, workers } = await setup(2);
    workers[0].provider.getMeter('app').createHistogram('latency', { advice: { explicitBucketBoundaries: [10, 100] } }).record(5);
    workers[1].provider.getMeter('app').createHistogram('latency', { advice: { explicitBucketBoundaries: [10, 100] } }).record(50);
    const h = valueOf(await metric(reader, 'latency')) as Histogram;
    expect(h.buckets.counts).toEqual([1, 1, 0]);
    expect([h.count, h.sum, h.min, h.max]).toEqual([2, 55, 5, 50]);
    workers.forEach((w) => w.workerPort.close());
  });

  it('applies the cardinality limit to the merged streams, stably', async () => {
    const { reader, workers } = await setup(2, { cardinalityLimit: 4 });
    workers.forEach((w, i) => {
      const c = w.provider.getMeter('app').createCounter('hits');
      c.add(1, { k: `shared` });
      c.add(1, { k: `only-${i}-a` });
      c.add(1, { k: `only-${i}-b` });
    });
    const m = await metric(reader, 'hits');
    expect(m.dataPoints).toHaveLength(4);
    const total = m.dataPoints.reduce((s, p) => s + (p.value as number), 0);
    expect(total).toBe(6);
    expect(valueOf(m, { 'otel.metric.overflow': true })).toBeGreaterThan(0);
    // The same series stay admitted on the next collection.
    const again = await metric(reader, 'hits');
    expect(again.dataPoints.map((p) => p.attributes)).toEqual(m.dataPoints.map((p) => p.attributes));
    workers.forEach((w) => w.workerPort.close());
  });

  it('gives a delta reader each increment once, also across a worker exit', async () => {
    const { reader, workers } = await setup(2, {}, AggregationTemporality.DELTA);
    const counters = workers.map((w) => w.provider.getMeter('app').createCounter('requests'));
    counters[0].add(2);
    counters[1].add(3);
    let m = await metric(reader, 'requests');
    expect(m.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(valueOf(m)).toBe(5);
    counters[1].add(4);
    expect(valueOf(await metric(reader, 'requests'))).toBe(4);
    await kill(workers[0]);
    expect(valueOf(await metric(reader, 'requests'))).toBe(0);
    counters[1].add(1);
    m = await metric(reader, 'requests');
    expect(valueOf(m)).toBe(1);
    workers[1].workerPort.close();
  });

  it('uses the last known state of a worker that does not answer in time, and says so', async () => {
    const { reader, workers } = await setup(2, { timeoutMillis: 200 });
    const counters = workers.map((w) => w.provider.getMeter('app').createCounter('requests'));
    counters[0].add(1);
    counters[1].add(2);
    expect(valueOf(await metric(reader, 'requests'))).toBe(3);
    // Worker 1 hangs: its port stops delivering (a blocked event loop looks the same to the primary).
    workers[1].workerPort.removeAllListeners('message');
    counters[0].add(10);
    counters[1].add(100);
    const started = Date.now();
    const { resourceMetrics, errors } = await reader.collect();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(valueOf(findMetric(resourceMetrics, 'requests')!)).toBe(13);
    expect(errors.map(String).join('\n')).toMatch(/worker w1 did not answer within 200 ms; its state from \d+ ms ago is used/);
    workers.forEach((w) => w.workerPort.close());
  });

  it('fails clearly on a wire format version mismatch, naming both versions', async () => {
    const { port1, port2 } = new MessageChannel();
    openPorts.push(port1, port2);
    port1.on('message', (m: { id: number }) => port1.postMessage({ t: 'meterkit.cluster.state', v: 99, id: m.id, state: { s: [], n: new Float64Array([0]) } }));
    port1.postMessage({ t: 'meterkit.cluster.state', v: 99, id: -1 });
    const group = new WorkerGroup();
    const reader = new TestReader({ metricProducers: [group.createProducer()] });
    new MeterProvider({ readers: [reader] });
    const diag = captureDiag();
    try {
      group.addWorker(port2, 'old');
      await untilReady(group, 1);
      const { errors } = await reader.collect();
      expect(errors.map(String).join('\n')).toMatch(new RegExp(`version mismatch: the primary speaks version ${WIRE_VERSION}, the worker old speaks version 99`));
      expect(diag.messages.map((m) => m.message).join('\n')).toMatch(new RegExp(`speaks version ${WIRE_VERSION}.*speaks version 99`));
    } finally {
      diag.restore();
      port1.close();
    }
  });

  it('carries the workers\' exemplars to the merged points, the newest of them', async () => {
    const { reader, workers } = await setup(2, {}, AggregationTemporality.CUMULATIVE, 'always_on');
    workers.forEach((w, i) => {
      const c = w.provider.getMeter('app').createCounter('requests');
      c.add(i + 1, { route: '/a' });
    });
    const m = await metric(reader, 'requests');
    const point = m.dataPoints.find((p) => p.attributes.route === '/a')!;
    expect(point.value).toBe(3);
    // Each worker's reservoir kept its one measurement; the merge keeps as many as one worker has, the newest.
    expect(point.exemplars!.length).toBeGreaterThanOrEqual(1);
    expect(point.exemplars!.every((e) => e.value === 1 || e.value === 2)).toBe(true);
    const h = workers.map((w) => w.provider.getMeter('app').createHistogram('latency'));
    h[0].record(3, { route: '/a' });
    h[1].record(300, { route: '/a' });
    const latency = (await metric(reader, 'latency')).dataPoints[0];
    expect(latency.exemplars!.map((e) => e.value).sort((a, b) => a - b)).toEqual([3, 300]); // one per bucket in each worker
    workers.forEach((w) => w.workerPort.close());
  });

  it('gives a delta point only the exemplars recorded in its interval', async () => {
    const { reader, workers } = await setup(1, {}, AggregationTemporality.DELTA, 'always_on');
    const c = workers[0].provider.getMeter('app').createCounter('requests');
    c.add(5, { route: '/a' });
    const first = (await metric(reader, 'requests')).dataPoints[0];
    expect(first.exemplars!.map((e) => e.value)).toEqual([5]);
    c.add(7, { route: '/b' }); // '/a' gets nothing new: its delta point keeps no old exemplar
    const second = await metric(reader, 'requests');
    expect(second.dataPoints.find((p) => p.attributes.route === '/a')?.exemplars ?? []).toEqual([]);
    expect(second.dataPoints.find((p) => p.attributes.route === '/b')!.exemplars!.map((e) => e.value)).toEqual([7]);
    workers.forEach((w) => w.workerPort.close());
  });

  it('rejects unknown options and bad gauge policies', () => {
    expect(() => new WorkerGroup({ timeoutMilis: 5 } as never)).toThrow(/timeoutMilis/);
    expect(() => new WorkerGroup({ gauges: { temp: 'avg' as never } })).toThrow(/gauges\["temp"\] must be one of/);
    expect(() => new WorkerGroup({ timeoutMillis: -1 })).toThrow(/timeoutMillis must be a positive number/);
  });
});
