// An app written for @opentelemetry/sdk-metrics, with only its import line changed: plain view
// option objects, the attribute processors, InMemoryMetricExporter and ConsoleMetricExporter
// all come from this one package, with no import of @meterkit/views.
import { Writable } from 'stream';
import {
  AggregationTemporality,
  AggregationType,
  ConsoleMetricExporter,
  InMemoryMetricExporter,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  createAllowListAttributesProcessor,
  type Histogram,
  type ViewOptions,
} from '../src';

test('plain view option objects work with only the umbrella imported', async () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const views: ViewOptions[] = [
    { instrumentName: 'http.server.duration', instrumentType: InstrumentType.HISTOGRAM,
      aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [10, 100] } },
      attributesProcessors: [createAllowListAttributesProcessor(['route'])] },
    { instrumentName: 'requests', name: 'request_count' },
  ];
  const provider = new MeterProvider({ readers: [reader], views });
  const meter = provider.getMeter('app');
  meter.createHistogram('http.server.duration').record(42, { route: '/a', user: 'u1' });
  meter.createCounter('requests').add(2);
  await reader.forceFlush();
  const metrics = exporter.getMetrics()[0].scopeMetrics[0].metrics;
  expect(metrics.map((m) => m.descriptor.name).sort()).toEqual(['http.server.duration', 'request_count']);
  const histogram = metrics.find((m) => m.descriptor.name === 'http.server.duration')!;
  expect(histogram.dataPoints[0].attributes).toEqual({ route: '/a' });
  expect((histogram.dataPoints[0].value as Histogram).buckets.boundaries).toEqual([10, 100]);
  await provider.shutdown();
});

test('a misspelled plain view option is reported at start-up, naming it', () => {
  expect(() => new MeterProvider({ views: [{ instrumentName: 'x', agregation: {} } as unknown as ViewOptions] })).toThrow(/agregation/);
});

test('ConsoleMetricExporter from the umbrella prints an export', async () => {
  let out = '';
  const stream = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  const reader = new PeriodicExportingMetricReader({
    exporter: new ConsoleMetricExporter({ stream, format: 'json' }),
    exportIntervalMillis: 60_000,
  });
  const provider = new MeterProvider({ readers: [reader] });
  provider.getMeter('app').createCounter('jobs').add(1);
  await provider.shutdown();
  expect(out).toContain('"jobs"');
});
