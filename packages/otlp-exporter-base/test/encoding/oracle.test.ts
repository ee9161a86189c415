// meterkit's OTLP encoder against @opentelemetry/otlp-transformer (the official encoder, a dev
// dependency here): both requests are decoded with the official .proto schema (protobufjs,
// through @meterkit/otlp-sink) and must be the same message, field by field.
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { loadSchema, decodeRequest } from '@meterkit/otlp-sink';
import { MeterProvider, AggregationTemporality, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JSON_METRICS_SERIALIZER, PROTOBUF_METRICS_SERIALIZER } from '../../src';
import { exemplarMetrics } from '../support/exemplar-roundtrip';
import { oddWorkload } from '../support/odd-workload';
import { TestReader, recordWorkload } from '@meterkit/sdk-metrics-core/testing';

const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: true, arrays: true, oneofs: true } as const;

function decodeProtobuf(bytes: Uint8Array): unknown {
  const T = loadSchema().ExportMetricsServiceRequest;
  return T.toObject(T.decode(bytes), TO_OBJECT);
}

function official(metrics: ResourceMetrics): Uint8Array {
  const bytes = ProtobufMetricsSerializer.serializeRequest(metrics as never);
  if (bytes === undefined) throw new Error('the transformer could not serialize the workload');
  return bytes;
}

describe('protobuf encoding decodes to the same message as the official encoder', () => {
  for (let seed = 1; seed <= 60; seed++) {
    test(`generated workload, seed ${seed}`, () => {
      const metrics = oddWorkload(seed);
      const ours = PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!;
      expect(decodeProtobuf(ours)).toEqual(decodeProtobuf(official(metrics)));
    });
  }

  test('the sliced encoding gives the same bytes as the one-go encoding', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const metrics = oddWorkload(seed);
      const sliced = await PROTOBUF_METRICS_SERIALIZER.encodeRequest!(metrics, 0);
      expect(Buffer.from(sliced).equals(Buffer.from(PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!))).toBe(true);
    }
  });

  test.each([AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA])('a collection of the real SDK, temporality %s', async (temporality) => {
    const reader = new TestReader({ aggregationTemporalitySelector: () => temporality });
    const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'oracle' }) });
    const meter = provider.getMeter('oracle-scope', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
    const recordRoundTwo = recordWorkload(meter);
    meter.createHistogram('app.exp', { advice: {} });
    recordRoundTwo();
    for (let i = 0; i < 300; i++) meter.createCounter('app.many').add(i, { i, route: `/r/${i % 7}` });
    const { resourceMetrics } = await reader.collect();
    const ours = PROTOBUF_METRICS_SERIALIZER.serializeRequest(resourceMetrics)!;
    expect(decodeProtobuf(ours)).toEqual(decodeProtobuf(official(resourceMetrics)));
    await provider.shutdown();
  });

  test('odd values survive: NaN, ±Infinity, -0, huge and tiny numbers', () => {
    const now: [number, number] = [1_700_000_000, 5];
    const values = [NaN, Infinity, -Infinity, -0, 1e308, 5e-324];
    const metrics = {
      resource: { attributes: {} },
      scopeMetrics: [
        {
          scope: { name: 's' },
          metrics: [
            {
              descriptor: { name: 'g', description: '', unit: '', valueType: 1 },
              aggregationTemporality: 1,
              dataPointType: 2,
              dataPoints: values.map((value, i) => ({ startTime: now, endTime: now, attributes: { i, v: value }, value })),
            },
          ],
        },
      ],
    } as unknown as ResourceMetrics;
    const decoded = loadSchema().ExportMetricsServiceRequest.decode(PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!) as any;
    const points = decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints;
    expect(points.map((p: any) => p.asDouble)).toEqual(values);
    expect(Object.is(points[3].asDouble, -0)).toBe(true);
    // -0 as an attribute is an integer (as the official encoder has it): int_value 0.
    expect(points[3].attributes[1].value.intValue.toString()).toBe('0');
    expect(points[0].attributes[1].value.doubleValue).toBeNaN();
  });
});

describe('OTLP/JSON encoding', () => {
  // Where the transformer's JSON departs from the specification, meterkit follows the
  // specification: 64-bit integers as decimal strings (the transformer: JSON numbers),
  // non-finite doubles as "NaN"/"Infinity"/"-Infinity" (the transformer: null), -0 kept (the
  // transformer: 0), integral doubles beyond int64 as double_value like both protobuf encoders
  // (the transformer's JSON: int_value). The comparison runs on workloads without those values
  // (decoded the lenient way a receiver does, with @meterkit/otlp-sink); the next test checks them.
  for (let seed = 1; seed <= 30; seed++) {
    test(`decodes to the same message as the official JSON, seed ${seed}`, () => {
      const metrics = oddWorkload(seed, { finiteOnly: true });
      const ours = Buffer.from(JSON_METRICS_SERIALIZER.serializeRequest(metrics)!);
      const theirs = Buffer.from(JsonMetricsSerializer.serializeRequest(metrics as never)!);
      expect(decodeRequest(ours, 'json')).toEqual(decodeRequest(theirs, 'json'));
      // and to the same message as our own protobuf
      expect(decodeRequest(ours, 'json')).toEqual(decodeProtobuf(PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!));
    });
  }

  test('follows the specification: 64-bit integers as strings, enums as integers, lowerCamelCase, non-finite doubles as strings', () => {
    const now: [number, number] = [1_700_000_000, 42];
    const metrics = {
      resource: { attributes: { big: 2 ** 62, huge: 1e308 } },
      scopeMetrics: [
        {
          scope: { name: 's' },
          metrics: [
            {
              descriptor: { name: 'c', description: '', unit: '', valueType: 0 },
              aggregationTemporality: 1,
              dataPointType: 3,
              isMonotonic: true,
              dataPoints: [{ startTime: now, endTime: now, attributes: {}, value: 5 }],
            },
            {
              descriptor: { name: 'g', description: '', unit: '', valueType: 1 },
              aggregationTemporality: 1,
              dataPointType: 2,
              dataPoints: [NaN, Infinity, -Infinity, -0].map((value) => ({ startTime: now, endTime: now, attributes: {}, value })),
            },
          ],
        },
      ],
    } as unknown as ResourceMetrics;
    const text = Buffer.from(JSON_METRICS_SERIALIZER.serializeRequest(metrics)!).toString('utf8');
    const json = JSON.parse(text);
    const rm = json.resourceMetrics[0];
    expect(rm.resource.attributes[0].value).toEqual({ intValue: '4611686018427387904' });
    expect(rm.resource.attributes[1].value).toEqual({ doubleValue: 1e308 });
    const [sum, gauge] = rm.scopeMetrics[0].metrics;
    expect(sum.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
    expect(sum.sum.dataPoints[0]).toEqual({ attributes: [], startTimeUnixNano: '1700000000000000042', timeUnixNano: '1700000000000000042', asInt: '5' });
    expect(gauge.gauge.dataPoints.map((p: any) => p.asDouble)).toEqual(['NaN', 'Infinity', '-Infinity', -0]);
    expect(text).toContain('"asDouble":-0');
    // A receiver reads them back as the same doubles.
    const decoded = decodeRequest(Buffer.from(text), 'json');
    expect(decoded.resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints.map((p: any) => p.asDouble)).toEqual([NaN, Infinity, -Infinity, -0]);
  });
});

describe('exemplars (the official encoder has none): decoded with the schema, equal to what was put in', () => {
  test('the official encoder drops them, so it cannot be the oracle here (if this fails, it encodes them now: compare with it)', () => {
    const metrics = exemplarMetrics();
    const pointsWithExemplars = (message: any) =>
      message.resourceMetrics[0].scopeMetrics
        .flatMap((sm: any) => sm.metrics)
        .flatMap((m: any) => (m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram).dataPoints)
        .filter((p: any) => p.exemplars.length > 0).length;
    expect(pointsWithExemplars(decodeProtobuf(PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!))).toBeGreaterThan(0);
    expect(pointsWithExemplars(decodeProtobuf(official(metrics)))).toBe(0);
    expect(pointsWithExemplars(decodeRequest(Buffer.from(JsonMetricsSerializer.serializeRequest(metrics as never)!), 'json'))).toBe(0);
  });

  for (const encoding of ['protobuf', 'json'] as const) {
    test(encoding, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const metrics = oddWorkload(seed, { exemplars: true, finiteOnly: encoding === 'json' });
        const serializer = encoding === 'protobuf' ? PROTOBUF_METRICS_SERIALIZER : JSON_METRICS_SERIALIZER;
        const bytes = Buffer.from(serializer.serializeRequest(metrics)!);
        const decoded = encoding === 'protobuf' ? (decodeProtobuf(bytes) as any) : decodeRequest(bytes, 'json');
        const T = loadSchema().ExportMetricsServiceRequest;
        metrics.scopeMetrics.forEach((sm, s) =>
          sm.metrics.forEach((metric, m) => {
            const data = decoded.resourceMetrics[0].scopeMetrics[s].metrics[m];
            const points = (data.sum ?? data.gauge ?? data.histogram ?? data.exponentialHistogram).dataPoints;
            metric.dataPoints.forEach((point: any, p: number) => {
              const got = points[p];
              expect(got.flags).toBe(point.flags ?? 0);
              const want = (point.exemplars ?? []).map((e: any) => {
                // The expected exemplar, encoded alone through protobufjs from the input values.
                const ex = T.root.lookupType('opentelemetry.proto.metrics.v1.Exemplar');
                const isInt = metric.descriptor.valueType === 0;
                const message = ex.fromObject({
                  filteredAttributes: (decodeProtobuf(PROTOBUF_METRICS_SERIALIZER.serializeRequest({ resource: { attributes: e.filteredAttributes }, scopeMetrics: [] } as never)!) as any).resourceMetrics[0].resource.attributes,
                  timeUnixNano: (BigInt(e.timestamp[0]) * 1_000_000_000n + BigInt(e.timestamp[1])).toString(),
                  ...(isInt ? { asInt: BigInt(Math.trunc(e.value)).toString() } : { asDouble: e.value }),
                  ...(e.spanId ? { spanId: Buffer.from(e.spanId, 'hex'), traceId: Buffer.from(e.traceId, 'hex') } : {}),
                });
                return ex.toObject(message, TO_OBJECT);
              });
              expect(got.exemplars).toEqual(want);
              for (const [i, e] of (point.exemplars ?? []).entries()) {
                if (e.spanId) {
                  expect(Buffer.from(got.exemplars[i].spanId, 'base64').toString('hex')).toBe(e.spanId);
                  expect(Buffer.from(got.exemplars[i].traceId, 'base64').toString('hex')).toBe(e.traceId);
                }
              }
            });
          }),
        );
      }
    });
  }
});

describe('bad input from a foreign producer', () => {
  test('negative, NaN and fractional counts still give a request that decodes (negative and NaN as 0)', () => {
    const now: [number, number] = [1_700_000_000, 0];
    const metrics = {
      resource: { attributes: {} },
      scopeMetrics: [
        {
          scope: { name: 's' },
          metrics: [
            {
              descriptor: { name: 'e', description: '', unit: '', valueType: 1 },
              aggregationTemporality: 1,
              dataPointType: 1,
              dataPoints: [
                {
                  startTime: now,
                  endTime: now,
                  attributes: {},
                  value: { count: 3, scale: 1.5, zeroCount: NaN, positive: { offset: -2.5, bucketCounts: [-1, NaN, 2.7, 2 ** 40] }, negative: { offset: 0, bucketCounts: [] } },
                },
              ],
            },
          ],
        },
      ],
    } as unknown as ResourceMetrics;
    for (const bytes of [PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics)!]) {
      const decoded = decodeProtobuf(bytes) as any;
      const point = decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].exponentialHistogram.dataPoints[0];
      expect(point.positive.bucketCounts).toEqual(['0', '0', '2', String(2 ** 40)]);
      expect(point.zeroCount).toBe('0');
    }
    expect(() => JSON.parse(Buffer.from(JSON_METRICS_SERIALIZER.serializeRequest(metrics)!).toString())).not.toThrow();
  });
});
