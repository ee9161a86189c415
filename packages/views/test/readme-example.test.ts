// The README example, run as written (global provider, PeriodicExportingMetricReader with an
// InMemoryMetricExporter, forceFlush), so the documentation stays true.
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type Histogram,
} from '@meterkit/sdk-metrics-core';
import { Aggregation, InstrumentType, View } from '../src';

afterEach(() => metrics.disable());

test('README: the three seed views through a periodic reader', async () => {
  const renameView = new View({
    instrumentType: InstrumentType.COUNTER,
    instrumentName: 'traffic_volume',
    name: 'request_count',
  });
  const dropView = new View({
    instrumentType: InstrumentType.OBSERVABLE_GAUGE,
    instrumentName: 'process.cpu.utilization',
    aggregation: Aggregation.drop(),
  });
  const histogramView = new View({
    instrumentType: InstrumentType.HISTOGRAM,
    instrumentName: '*',
    aggregation: Aggregation.explicitBucketHistogram([1, 21, 50, 100, 1000]),
  });

  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader], views: [renameView, dropView, histogramView] });
  metrics.setGlobalMeterProvider(provider);

  const meter = metrics.getMeter('my-service', '1.0.0');
  meter.createCounter('traffic_volume', { unit: 'request' }).add(1, { 'http.route': '/' });
  meter.createHistogram('http.server.request.duration', { unit: 's' }).record(42);
  meter.createObservableGauge('process.cpu.utilization').addCallback((r) => r.observe(0.5));

  await reader.forceFlush();
  const exported = exporter.getMetrics();
  expect(exported.length).toBeGreaterThanOrEqual(1);
  const all = exported[0].scopeMetrics.flatMap((s) => s.metrics);
  expect(all.map((m) => m.descriptor.name).sort()).toEqual(['http.server.request.duration', 'request_count']);
  const histogram = all.find((m) => m.descriptor.name === 'http.server.request.duration')!;
  expect((histogram.dataPoints[0].value as Histogram).buckets.boundaries).toEqual([1, 21, 50, 100, 1000]);
  await provider.shutdown();
});
