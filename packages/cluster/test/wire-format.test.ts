// The wire format between workers and the primary: exact round trip of every point type and
// of exemplars, NaN/±Infinity/-0 included, over both transports (binary for MessagePort,
// base64 for IPC).
import { MessageChannel } from 'node:worker_threads';
import { AggregationTemporality, DataPointType, type MetricData, type ScopeMetrics } from '@meterkit/sdk-metrics-core';
import { ValueType } from '@opentelemetry/api';
import { decodeState, encodeState } from '../src';

const t0: [number, number] = [1_700_000_000, 123_456_789];
const t1: [number, number] = [1_700_000_010, 999_999_999];

function sample(): ScopeMetrics[] {
  const descriptor = (name: string) => ({ name, description: `d ${name} ✓`, unit: 'ms', valueType: ValueType.DOUBLE });
  const metrics: MetricData[] = [
    {
      descriptor: descriptor('sum'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [
        {
          startTime: t0,
          endTime: t1,
          attributes: { route: '/a', code: 200, ok: true, no: false },
          value: 42,
          exemplars: [
            { filteredAttributes: { user: 'u1', n: -0 }, value: 0.25, timestamp: t0, spanId: '00f067aa0ba902b7', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
            { filteredAttributes: {}, value: NaN, timestamp: t1, spanId: undefined, traceId: undefined },
          ],
        },
        { startTime: t0, endTime: t1, attributes: { list: ['x', 'y'], nums: [1, NaN, -0], flags: [true, false] }, value: 1e300 },
        { startTime: t0, endTime: t1, attributes: {}, value: -0 },
      ],
    },
    {
      descriptor: descriptor('gauge'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [
        { startTime: t0, endTime: t1, attributes: { v: 'nan' }, value: NaN },
        { startTime: t0, endTime: t1, attributes: { v: 'inf' }, value: Infinity },
        { startTime: t0, endTime: t1, attributes: { v: '-inf', weird: NaN }, value: -Infinity },
      ],
    },
    {
      descriptor: descriptor('hist'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          startTime: t0,
          endTime: t1,
          attributes: { a: 'b' },
          value: { buckets: { boundaries: [0, 5, Infinity], counts: [1, 2, 0, 3] }, count: 6, sum: Infinity, min: -Infinity, max: 7 },
          exemplars: [{ filteredAttributes: { list: ['x'] }, value: 7, timestamp: t1, spanId: 'b7ad6b7169203331', traceId: '0af7651916cd43dd8448eb211c80319c' }],
        },
        { startTime: t0, endTime: t1, attributes: { a: 'c' }, value: { buckets: { boundaries: [], counts: [0] }, count: 0, sum: undefined, min: undefined, max: undefined } },
      ],
    },
    {
      descriptor: descriptor('exp'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints: [
        { startTime: t0, endTime: t1, attributes: {}, value: { count: 5, sum: 3.5, scale: -3, zeroCount: 1, positive: { offset: -7, bucketCounts: [1, 0, 2] }, negative: { offset: 4, bucketCounts: [1] }, min: -0, max: 3 } },
      ],
    },
  ];
  // Every point decodes with an exemplars array (empty when it had none), as the core collects them.
  for (const metric of metrics) for (const point of metric.dataPoints as Array<{ exemplars?: unknown[] }>) point.exemplars ??= [];
  return [
    { scope: { name: 'app', version: '1.2.3', schemaUrl: 'https://example.com/s' }, metrics },
    { scope: { name: 'other', version: undefined, schemaUrl: undefined }, metrics: [] },
  ];
}

describe('wire format', () => {
  it.each([
    ['binary (MessagePort)', true],
    ['base64 text (cluster IPC, JSON)', false],
  ])('round-trips every point type exactly: %s', (_label, binary) => {
    const scopes = sample();
    let encoded = encodeState(scopes, binary);
    if (!binary) encoded = JSON.parse(JSON.stringify(encoded)); // what the IPC channel does
    // toEqual treats NaN as equal to NaN and -0 as distinct from 0 (Object.is semantics for numbers).
    expect(decodeState(encoded)).toEqual(scopes);
    const decoded = decodeState(encoded);
    const sum = decoded[0].metrics[0];
    expect(Object.is(sum.dataPoints[2].value, -0)).toBe(true);
    expect(Object.is((sum.dataPoints[1].attributes.nums as number[])[2], -0)).toBe(true);
  });

  it('survives a real MessagePort (structured clone)', async () => {
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(encodeState(sample(), true));
    const message = (await received) as Parameters<typeof decodeState>[0];
    port1.close();
    expect(decodeState(message)).toEqual(sample());
  });

  it('rejects truncated or trailing data instead of misreading it', () => {
    const encoded = encodeState(sample(), true);
    const numbers = encoded.n as Float64Array;
    const bytes = encoded.b as Uint8Array;
    expect(() => decodeState({ ...encoded, n: numbers.subarray(0, numbers.length - 3) })).toThrow(/truncated/);
    expect(() => decodeState({ ...encoded, b: bytes.subarray(0, bytes.length - 2) })).toThrow(/truncated|bad/);
    const longer = new Float64Array(numbers.length + 1);
    longer.set(numbers);
    expect(() => decodeState({ ...encoded, n: longer })).toThrow(/trailing/);
    const moreBytes = new Uint8Array(bytes.length + 1);
    moreBytes.set(bytes);
    expect(() => decodeState({ ...encoded, b: moreBytes })).toThrow(/trailing/);
  });

  it('keeps large counts and negative offsets exact', () => {
    const scopes = sample();
    const exp = scopes[0].metrics[3].dataPoints[0].value as { count: number; positive: { offset: number; bucketCounts: number[] } };
    exp.count = 2 ** 40 + 3;
    exp.positive.offset = -(2 ** 33);
    exp.positive.bucketCounts = [2 ** 45, 0, 1];
    expect(decodeState(JSON.parse(JSON.stringify(encodeState(scopes, false))))).toEqual(scopes);
  });

  it('is smaller than JSON of the whole objects for a typical state', () => {
    const descriptor = { name: 'http.server.requests', description: 'requests served', unit: '{request}', valueType: ValueType.INT };
    const dataPoints = [];
    for (let i = 0; i < 500; i++) {
      dataPoints.push({ startTime: t0, endTime: t1, attributes: { 'http.route': `/r/${i % 50}`, 'http.response.status_code': 200 + (i % 5) }, value: i * 3 });
    }
    const scopes: ScopeMetrics[] = [{ scope: { name: 'app' }, metrics: [{ descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints }] }];
    const wire = JSON.stringify(encodeState(scopes, false)).length;
    const json = JSON.stringify(scopes).length;
    expect(wire).toBeLessThan(json / 4);
  });
});
