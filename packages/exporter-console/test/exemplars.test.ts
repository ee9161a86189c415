// Exemplars in the console output: each point's exemplars under OTLP's field names in both
// formats, the count in the pretty header, nothing added for points without any, and hostile
// exemplars from foreign producers printed without throwing; and exemplars recorded in a real
// span (@opentelemetry/sdk-trace-base) printed with its ids.
import { context, trace, ValueType } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type Exemplar,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter } from '../src';
import { CaptureStream, exportOnce, prettyDocument } from './helpers';

const start: [number, number] = [1713351214, 657218000];
const end: [number, number] = [1713351219, 657419300];
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

const traced: Exemplar = { filteredAttributes: { 'user.id': 'u-7' }, value: 0.42, timestamp: [1713351216, 5], traceId: TRACE_ID, spanId: SPAN_ID };
const spanless: Exemplar = { filteredAttributes: {}, value: 3, timestamp: [1713351217, 0] };

function metrics(exemplars: { counter?: unknown; histogram?: unknown; exponential?: unknown }): ResourceMetrics {
  const d = (name: string) => ({ name, description: '', unit: '', valueType: ValueType.DOUBLE });
  return {
    resource: resourceFromAttributes({ 'service.name': 'exemplars' }),
    scopeMetrics: [
      {
        scope: { name: 'app.js' },
        metrics: [
          {
            descriptor: d('requests'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ startTime: start, endTime: end, attributes: {}, value: 7, exemplars: exemplars.counter as Exemplar[] }],
          },
          {
            descriptor: d('latency'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              {
                startTime: start,
                endTime: end,
                attributes: {},
                value: { buckets: { boundaries: [1], counts: [1, 1] }, count: 2, sum: 3.42 },
                exemplars: exemplars.histogram as Exemplar[],
              },
            ],
          },
          {
            descriptor: d('sizes'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
            dataPoints: [
              {
                startTime: start,
                endTime: end,
                attributes: {},
                value: { count: 1, sum: 3, scale: 0, zeroCount: 0, positive: { offset: 1, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } },
                exemplars: exemplars.exponential as Exemplar[],
              },
            ],
          },
        ],
      },
    ],
  };
}

const points = (doc: any) => doc.resource_metrics[0].scope_metrics[0].metrics.map((m: any) => m.data.data_points[0]);

const TRACED_DOC = {
  filtered_attributes: { 'user.id': 'u-7' },
  time_unix_nano: '1713351216000000005',
  value: 0.42,
  span_id: SPAN_ID,
  trace_id: TRACE_ID,
};
const SPANLESS_DOC = { filtered_attributes: {}, time_unix_nano: '1713351217000000000', value: 3 };

test('json: every point kind prints its exemplars with OTLP field names; ids only when the exemplar has a span', async () => {
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ format: 'json', stream });
  await exportOnce(exporter, metrics({ counter: [traced], histogram: [traced, spanless], exponential: [spanless] }));
  const [counter, histogram, exponential] = points(JSON.parse(stream.lines[0]!));
  expect(counter.exemplars).toEqual([TRACED_DOC]);
  expect(histogram.exemplars).toEqual([TRACED_DOC, SPANLESS_DOC]);
  expect(exponential.exemplars).toEqual([SPANLESS_DOC]);
  await exporter.shutdown();
});

test('pretty: the header counts the exemplars and the document holds them', async () => {
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ stream });
  await exportOnce(exporter, metrics({ counter: [traced], histogram: [traced, spanless] }));
  expect(stream.text.split('\n')[0]).toMatch(/: 1 scope, 3 metrics, 3 data points, 3 exemplars ──$/);
  expect(points(prettyDocument(stream.text))[1].exemplars).toEqual([TRACED_DOC, SPANLESS_DOC]);
  await exporter.shutdown();
});

test('points without exemplars (absent or empty) print no exemplars field, and the header does not mention them', async () => {
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ stream });
  await exportOnce(exporter, metrics({ counter: [], histogram: undefined }));
  expect(stream.text.split('\n')[0]).toMatch(/: 1 scope, 3 metrics, 3 data points ──$/);
  for (const point of points(prettyDocument(stream.text))) expect(point).not.toHaveProperty('exemplars');
  await exporter.shutdown();
});

test('hostile exemplars from a foreign producer print without throwing', async () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
    },
  );
  const circular: Record<string, unknown> = { value: 1 };
  circular.self = circular;
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ format: 'json', stream, maxStringLength: 16 });
  const result = await exportOnce(
    exporter,
    metrics({
      counter: [null, 5, throwing, { value: 10n, timestamp: 'yesterday', traceId: 'x'.repeat(100), filteredAttributes: circular }],
      histogram: 'not a list',
      exponential: Array.from({ length: 1001 }, () => spanless),
    }),
  );
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  const [counter, histogram, exponential] = points(JSON.parse(stream.lines[0]!));
  expect(counter.exemplars).toEqual([
    null,
    5,
    '[Unreadable exemplar: trap]',
    { filtered_attributes: { value: 1, self: '[Circular]' }, time_unix_nano: 'yesterday', value: '10n', trace_id: `${'x'.repeat(16)}…[+84 chars]` },
  ]);
  expect(histogram).not.toHaveProperty('exemplars');
  // At most maxEntries (1000) exemplars per point, then a marker.
  expect(exponential.exemplars).toHaveLength(1001);
  expect(exponential.exemplars[1000]).toBe('…[+1 items]');
  await exporter.shutdown();
});

test('a measurement recorded inside a real sampled span prints with that span\'s ids', async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('console');
  const stream = new CaptureStream();
  const provider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter({ format: 'json', stream }), exportIntervalMillis: 60_000 })],
  });
  const span = tracer.startSpan('work');
  try {
    const counter = provider.getMeter('app.js').createCounter('jobs');
    context.with(trace.setSpan(context.active(), span), () => counter.add(2, { 'job.kind': 'email' }));
    span.end();
    await provider.shutdown();
  } finally {
    context.disable();
  }
  const [point] = points(JSON.parse(stream.lines[0]!));
  expect(point.exemplars).toEqual([
    { filtered_attributes: {}, time_unix_nano: expect.stringMatching(/^\d{19}$/), value: 2, span_id: span.spanContext().spanId, trace_id: span.spanContext().traceId },
  ]);
});
