// The measurements the suite records on all seven instrument kinds, in two rounds, and the
// values a receiver must then see for each temporality.
import type { Meter } from '@opentelemetry/api';
import { AggregationTemporality, InstrumentType } from '@meterkit/sdk-metrics-core';

export const WORKLOAD_ATTRIBUTES = { route: '/checkout', ok: true, shard: 3 };
export const WORKLOAD_RESOURCE = { 'service.name': 'conformance', 'service.version': '1.2.3' };
export const WORKLOAD_SCOPE = 'meterkit.conformance';

export interface ExpectedMetric {
  name: string;
  instrumentType: InstrumentType;
  kind: 'sum' | 'gauge' | 'histogram';
  unit: string;
  isMonotonic?: boolean;
  /** What round 1 and round 2 must show, per temporality. */
  value?: (round: 1 | 2, temporality: AggregationTemporality) => number;
  histogram?: (round: 1 | 2, temporality: AggregationTemporality) => ExpectedHistogram;
  description?: string;
}

export interface ExpectedHistogram {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Per bucket of the default boundaries (DEFAULT_HISTOGRAM_BOUNDARIES). */
  bucketCounts: number[];
}

// Bucket counts over the 15 default boundaries (16 buckets): 1 and 4 fall in (0, 5], 7 in
// (5, 10], 300 in (250, 500].
const buckets = (counts: Record<number, number>) => Array.from({ length: 16 }, (_, i) => counts[i] ?? 0);
const ROUND_1: ExpectedHistogram = { count: 3, sum: 308, min: 1, max: 300, bucketCounts: buckets({ 1: 1, 2: 1, 8: 1 }) };
const ROUND_2_DELTA: ExpectedHistogram = { count: 1, sum: 4, min: 4, max: 4, bucketCounts: buckets({ 1: 1 }) };
const ROUND_2_CUMULATIVE: ExpectedHistogram = { count: 4, sum: 312, min: 1, max: 300, bucketCounts: buckets({ 1: 2, 2: 1, 8: 1 }) };

const perRound = (first: number, secondDelta: number, secondCumulative: number) => (round: 1 | 2, t: AggregationTemporality) =>
  round === 1 ? first : t === AggregationTemporality.DELTA ? secondDelta : secondCumulative;

export const EXPECTED_METRICS: ExpectedMetric[] = [
  {
    name: 'conformance.requests',
    instrumentType: InstrumentType.COUNTER,
    kind: 'sum',
    unit: '{request}',
    description: 'requests served',
    isMonotonic: true,
    value: perRound(8, 2, 10),
  },
  { name: 'conformance.active', instrumentType: InstrumentType.UP_DOWN_COUNTER, kind: 'sum', unit: '{connection}', isMonotonic: false, value: perRound(6, 1, 7) },
  {
    name: 'conformance.duration',
    instrumentType: InstrumentType.HISTOGRAM,
    kind: 'histogram',
    unit: 'ms',
    histogram: (round, t) => (round === 1 ? ROUND_1 : t === AggregationTemporality.DELTA ? ROUND_2_DELTA : ROUND_2_CUMULATIVE),
  },
  { name: 'conformance.temperature', instrumentType: InstrumentType.GAUGE, kind: 'gauge', unit: 'Cel', value: perRound(21.5, 22, 22) },
  { name: 'conformance.cpu_time', instrumentType: InstrumentType.OBSERVABLE_COUNTER, kind: 'sum', unit: 's', isMonotonic: true, value: perRound(100, 30, 130) },
  { name: 'conformance.queue', instrumentType: InstrumentType.OBSERVABLE_UP_DOWN_COUNTER, kind: 'sum', unit: '{item}', isMonotonic: false, value: perRound(-5, -2, -7) },
  { name: 'conformance.load', instrumentType: InstrumentType.OBSERVABLE_GAUGE, kind: 'gauge', unit: '1', value: perRound(0.75, 0.5, 0.5) },
];

/** Records round 1 on `meter`; call the returned function to record round 2. */
export function recordWorkload(meter: Meter): () => void {
  const a = WORKLOAD_ATTRIBUTES;
  const counter = meter.createCounter('conformance.requests', { unit: '{request}', description: 'requests served' });
  const upDown = meter.createUpDownCounter('conformance.active', { unit: '{connection}' });
  const histogram = meter.createHistogram('conformance.duration', { unit: 'ms' });
  const gauge = meter.createGauge('conformance.temperature', { unit: 'Cel' });
  const observed = { cpu: 100, queue: -5, load: 0.75 };
  meter.createObservableCounter('conformance.cpu_time', { unit: 's' }).addCallback((r) => r.observe(observed.cpu, a));
  meter.createObservableUpDownCounter('conformance.queue', { unit: '{item}' }).addCallback((r) => r.observe(observed.queue, a));
  meter.createObservableGauge('conformance.load', { unit: '1' }).addCallback((r) => r.observe(observed.load, a));

  counter.add(5, a);
  counter.add(3, a);
  upDown.add(10, a);
  upDown.add(-4, a);
  for (const v of [1, 7, 300]) histogram.record(v, a);
  gauge.record(21.5, a);
  return () => {
    counter.add(2, a);
    upDown.add(1, a);
    histogram.record(4, a);
    gauge.record(22, a);
    Object.assign(observed, { cpu: 130, queue: -7, load: 0.5 });
  };
}
