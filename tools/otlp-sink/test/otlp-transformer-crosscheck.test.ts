/**
 * Cross-checks this package's hand-written .proto (field numbers) and its OTLP/JSON reader against
 * the serializer the exporters use, @opentelemetry/otlp-transformer: a hand-built ResourceMetrics
 * goes through ProtobufMetricsSerializer / JsonMetricsSerializer into the sink, and must come out
 * with the same values. The responses the sink sends are read back by the transformer too.
 */
import { ValueType } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { OtlpSink, ReceivedPoint, startOtlpSink } from '../src';
import { post } from './helpers';

const start: [number, number] = [1_700_000_000, 0];
const end: [number, number] = [1_700_000_010, 123_456_789];

function descriptor(name: string, unit = '', valueType = ValueType.DOUBLE) {
  return { name, description: `${name} description`, unit, valueType };
}

const resourceMetrics: ResourceMetrics = {
  resource: resourceFromAttributes({ 'service.name': 'crosscheck', 'deployment.count': 3 }),
  scopeMetrics: [
    {
      scope: { name: 'crosscheck-meter', version: '0.1.0' },
      metrics: [
        {
          descriptor: descriptor('counter.int', '{item}', ValueType.INT),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: [{ startTime: start, endTime: end, attributes: { k: 'v', n: 7, f: 1.5, b: false, list: ['a', 'b'] }, value: 12 }],
        },
        {
          descriptor: descriptor('updown.double'),
          aggregationTemporality: AggregationTemporality.DELTA,
          dataPointType: DataPointType.SUM,
          isMonotonic: false,
          dataPoints: [{ startTime: start, endTime: end, attributes: {}, value: -2.25 }],
        },
        {
          descriptor: descriptor('gauge.double', 'Cel'),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: [{ startTime: start, endTime: end, attributes: { room: 'a' }, value: 19.75 }],
        },
        {
          descriptor: descriptor('histogram', 'ms'),
          aggregationTemporality: AggregationTemporality.DELTA,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: [
            {
              startTime: start,
              endTime: end,
              attributes: { route: '/x' },
              value: { buckets: { boundaries: [0, 5, 10], counts: [1, 2, 0, 1] }, sum: 28.5, count: 4, min: -1, max: 20 },
            },
          ],
        },
        {
          descriptor: descriptor('exp.histogram', 'By'),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
          dataPoints: [
            {
              startTime: start,
              endTime: end,
              attributes: {},
              value: {
                count: 7,
                sum: 55.5,
                scale: 3,
                zeroCount: 2,
                positive: { offset: 5, bucketCounts: [1, 0, 3] },
                negative: { offset: -2, bucketCounts: [1] },
                min: -0.5,
                max: 30,
              },
            },
          ],
        },
      ],
    },
  ],
};

const endNanos = '1700000010123456789';
const startNanos = '1700000000000000000';

function expectSameValues(points: ReceivedPoint[]) {
  const byName = Object.fromEntries(points.map((p) => [p.name, p]));
  expect(Object.keys(byName)).toEqual(['counter.int', 'updown.double', 'gauge.double', 'histogram', 'exp.histogram']);
  for (const p of points) {
    expect(p.resource).toMatchObject({ 'service.name': 'crosscheck', 'deployment.count': 3 });
    expect(p).toMatchObject({ scopeName: 'crosscheck-meter', scopeVersion: '0.1.0', description: `${p.name} description` });
    expect(p.timeUnixNano).toBe(endNanos);
  }
  expect(byName['counter.int']).toMatchObject({
    kind: 'sum',
    unit: '{item}',
    temporality: 'cumulative',
    isMonotonic: true,
    isInt: true,
    value: 12,
    startTimeUnixNano: startNanos,
    attributes: { k: 'v', n: 7, f: 1.5, b: false, list: ['a', 'b'] },
  });
  expect(byName['updown.double']).toMatchObject({ kind: 'sum', temporality: 'delta', isMonotonic: false, isInt: false, value: -2.25 });
  expect(byName['gauge.double']).toMatchObject({ kind: 'gauge', unit: 'Cel', value: 19.75, attributes: { room: 'a' } });
  expect(byName['histogram']).toMatchObject({
    kind: 'histogram',
    temporality: 'delta',
    count: 4,
    sum: 28.5,
    min: -1,
    max: 20,
    explicitBounds: [0, 5, 10],
    bucketCounts: [1, 2, 0, 1],
    attributes: { route: '/x' },
  });
  expect(byName['exp.histogram']).toMatchObject({
    kind: 'exponentialHistogram',
    temporality: 'cumulative',
    count: 7,
    sum: 55.5,
    scale: 3,
    zeroCount: 2,
    min: -0.5,
    max: 30,
    positive: { offset: 5, bucketCounts: [1, 0, 3] },
    negative: { offset: -2, bucketCounts: [1] },
  });
}

describe('cross-check against @opentelemetry/otlp-transformer', () => {
  let sink: OtlpSink;
  beforeEach(async () => {
    sink = await startOtlpSink({ grpcPort: null });
  });
  afterEach(() => sink.close());

  it('decodes ProtobufMetricsSerializer output with the same values, and the transformer reads the response', async () => {
    const body = Buffer.from(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 3, errorMessage: 'three rejected' } });
    const res = await post(`${sink.httpUrl}/v1/metrics`, body, { 'Content-Type': 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expectSameValues(sink.points());

    const response = ProtobufMetricsSerializer.deserializeResponse(res.body);
    expect(Number(response.partialSuccess?.rejectedDataPoints)).toBe(3);
    expect(response.partialSuccess?.errorMessage).toBe('three rejected');
  });

  it('decodes JsonMetricsSerializer output with the same values, and the transformer reads the response', async () => {
    const body = Buffer.from(JsonMetricsSerializer.serializeRequest(resourceMetrics)!);
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 1, errorMessage: 'one rejected' } });
    const res = await post(`${sink.httpUrl}/v1/metrics`, body, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    expectSameValues(sink.points());

    const response = JsonMetricsSerializer.deserializeResponse(res.body);
    expect(Number(response.partialSuccess?.rejectedDataPoints)).toBe(1);
    expect(response.partialSuccess?.errorMessage).toBe('one rejected');
  });
});
