// Exemplars through an OTLP exporter to a real receiver: what each transport's exporter sent
// (hand-built points of every kind, with and without spans, int and double values, filtered
// attributes of every value type) must be what @meterkit/otlp-sink decoded with the official
// .proto schema, also when the points are split over several requests. The official encoder
// (@opentelemetry/otlp-transformer 0.223) drops exemplars, so it cannot be the oracle here; the
// schema decode is (see encoding/oracle.test.ts for the byte-level check of the encoder).
// Then the same with exemplars recorded from REAL spans (@opentelemetry/sdk-trace-base, made
// active by @opentelemetry/context-async-hooks) through a MeterProvider and its periodic reader.
// The sink is typed structurally, so this package needs no dependency on @meterkit/otlp-sink.
import { context, trace, ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type Exemplar,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { exportOnce } from './helpers';
import type { TestExporter } from './otlp-suite';

/** The parts of @meterkit/otlp-sink's ReceivedPoint these tests read. */
interface ReceivedPoint {
  name: string;
  attributes: Record<string, unknown>;
  requestIndex: number;
  exemplars: Array<{ filteredAttributes: Record<string, unknown>; timeUnixNano: string; value: number; isInt: boolean; traceId?: string; spanId?: string }>;
}

interface ExemplarSink {
  readonly requests: unknown[];
  points(): ReceivedPoint[];
  close(): Promise<void>;
}

export interface ExemplarTransportUnderTest<S extends ExemplarSink> {
  /** e.g. "OTLP/HTTP exporter (http/json)". */
  name: string;
  startSink(): Promise<S>;
  create(sink: S, options: { maxExportBatchSize?: number }): TestExporter;
}

const START: HrTime = [1_700_000_000, 0];
const END: HrTime = [1_700_000_010, 5];

/** Filtered attributes of each value type OTLP has (nested values need a kvlist: left to the encoder tests). */
const ATTRIBUTES: Attributes[] = [{}, { 'user.id': 'u-7', retries: 2, ratio: 0.5, cached: true }, { tags: ['a', 'b'], 'ünïcödé': '日本語' }];

function exemplarAt(i: number, value: number, spanless = false): Exemplar {
  return {
    filteredAttributes: ATTRIBUTES[i % ATTRIBUTES.length]!,
    value,
    timestamp: [1_700_000_003 + i, 123_456_789 - i],
    ...(spanless ? {} : { traceId: `${'0af7651916cd43dd8448eb211c8031'}${String(10 + i)}`, spanId: `b7ad6b71692033${String(10 + i)}` }),
  };
}

function metric(name: string, type: DataPointType, valueType: ValueType, value: unknown, exemplars: Exemplar[]): MetricData {
  return {
    descriptor: { name, description: '', unit: '', valueType },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: type,
    ...(type === DataPointType.SUM ? { isMonotonic: true } : {}),
    dataPoints: [{ startTime: START, endTime: END, attributes: { series: name }, value, exemplars }],
  } as MetricData;
}

/** One point of each kind; each point's exemplars differ in count, ids, value type and attributes. */
export function exemplarMetrics(): ResourceMetrics {
  const histogram = { buckets: { boundaries: [1, 10], counts: [1, 1, 1] }, sum: 16.5, count: 3, min: 0.5, max: 15 };
  const exponential = { count: 2, sum: 4.5, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } };
  return {
    resource: resourceFromAttributes({ 'service.name': 'exemplars' }),
    scopeMetrics: [
      {
        scope: { name: 'exemplar.test' },
        metrics: [
          metric('sum.int', DataPointType.SUM, ValueType.INT, 42, [exemplarAt(0, 7), exemplarAt(1, -3, true)]),
          metric('sum.double', DataPointType.SUM, ValueType.DOUBLE, 2.5, [exemplarAt(2, 0.25)]),
          metric('gauge', DataPointType.GAUGE, ValueType.DOUBLE, 21.5, [exemplarAt(3, 21.5, true)]),
          metric('histogram', DataPointType.HISTOGRAM, ValueType.DOUBLE, histogram, [exemplarAt(4, 0.5), exemplarAt(5, 1), exemplarAt(6, 15)]),
          metric('exponential', DataPointType.EXPONENTIAL_HISTOGRAM, ValueType.DOUBLE, exponential, [exemplarAt(7, 3)]),
          metric('no.exemplars', DataPointType.SUM, ValueType.DOUBLE, 1, []),
        ],
      },
    ],
  };
}

/** What the sink must decode for each exemplar of `metrics`: times as nanosecond strings, ids as given. */
function expected(metrics: ResourceMetrics): Record<string, ReceivedPoint['exemplars']> {
  const out: Record<string, ReceivedPoint['exemplars']> = {};
  for (const m of metrics.scopeMetrics[0]!.metrics) {
    const isInt = m.descriptor.valueType === ValueType.INT;
    out[m.descriptor.name] = (m.dataPoints[0]!.exemplars ?? []).map((e) => ({
      filteredAttributes: e.filteredAttributes,
      timeUnixNano: (BigInt(e.timestamp[0]) * 1_000_000_000n + BigInt(e.timestamp[1])).toString(),
      value: e.value,
      isInt,
      traceId: e.traceId,
      spanId: e.spanId,
    }));
  }
  return out;
}

function received(sink: ExemplarSink): Record<string, ReceivedPoint['exemplars']> {
  return Object.fromEntries(sink.points().map((p) => [p.name, p.exemplars]));
}

/** The round-trip tests for one transport; call at the top level of a test file. */
export function exemplarRoundTripSuite<S extends ExemplarSink>(transport: ExemplarTransportUnderTest<S>): void {
  describe(`${transport.name}: exemplars round trip`, () => {
    let sink: S;
    beforeEach(async () => {
      sink = await transport.startSink();
    });
    afterEach(() => sink.close());

    test('every exemplar of every point kind arrives as sent: value and its type, time, trace and span ids, filtered attributes', async () => {
      const exporter = transport.create(sink, {});
      const metrics = exemplarMetrics();
      try {
        expect((await exportOnce(exporter, metrics)).code).toBe(ExportResultCode.SUCCESS);
      } finally {
        await exporter.shutdown();
      }
      expect(sink.requests).toHaveLength(1);
      expect(received(sink)).toEqual(expected(metrics));
    });

    test('points split over several requests keep their own exemplars', async () => {
      const exporter = transport.create(sink, { maxExportBatchSize: 1 });
      const metrics = exemplarMetrics();
      try {
        expect((await exportOnce(exporter, metrics)).code).toBe(ExportResultCode.SUCCESS);
      } finally {
        await exporter.shutdown();
      }
      expect(sink.requests.length).toBe(metrics.scopeMetrics[0]!.metrics.length);
      expect(received(sink)).toEqual(expected(metrics));
    });

    test('exemplars recorded inside real sampled spans arrive with those spans\' ids (default filter: trace_based)', async () => {
      const contextManager = new AsyncLocalStorageContextManager();
      context.setGlobalContextManager(contextManager.enable());
      const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('roundtrip');
      const exporter = transport.create(sink, {});
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
      let ids = { traceId: '', spanId: '' };
      try {
        const meter = provider.getMeter('spans');
        const requests = meter.createCounter('requests', { valueType: ValueType.INT });
        const latency = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
        const span = tracer.startSpan('GET /checkout');
        context.with(trace.setSpan(context.active(), span), () => {
          requests.add(1, { route: '/checkout' });
          latency.record(250, { route: '/checkout' });
        });
        span.end();
        ids = span.spanContext();
        latency.record(5, { route: '/checkout' }); // no span: no exemplar
        await provider.shutdown(); // the final collection and export
      } finally {
        context.disable();
      }
      const { traceId, spanId } = ids;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      const byName = received(sink);
      expect(byName.requests).toEqual([{ filteredAttributes: {}, timeUnixNano: expect.stringMatching(/^\d{19}$/), value: 1, isInt: true, traceId, spanId }]);
      expect(byName.latency).toEqual([{ filteredAttributes: {}, timeUnixNano: expect.stringMatching(/^\d{19}$/), value: 250, isInt: false, traceId, spanId }]);
    });
  });
}

