import { metrics as apiMetrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  AggregationTemporality,
  DELTA_TEMPORALITY_SELECTOR,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter, type ConsoleMetricExporterOptions } from '../src';
import { CaptureStream } from './helpers';

function setup(options: ConsoleMetricExporterOptions = {}) {
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ format: 'json', stream, ...options });
  // A long interval: exports happen only on forceFlush, so the test decides when.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'console-test', 'service.version': '1.2.3' }),
    readers: [reader],
  });
  return { stream, exporter, provider };
}

function metricsOf(line: string): Record<string, any> {
  const doc = JSON.parse(line);
  const byName: Record<string, any> = {};
  for (const scope of doc.resource_metrics[0].scope_metrics) {
    for (const metric of scope.metrics) byName[metric.name] = { ...metric, scope: scope.scope };
  }
  return byName;
}

describe('ConsoleMetricExporter behind a real MeterProvider and PeriodicExportingMetricReader', () => {
  it('prints every instrument kind on forceFlush, cumulative by default', async () => {
    const { stream, provider } = setup();
    const meter = provider.getMeter('app.js', '0.1');
    meter.createCounter('traffic_volume', { unit: '{request}' }).add(3, { route: '/' });
    meter.createUpDownCounter('queue').add(-2);
    const latency = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
    latency.record(5);
    latency.record(50);
    latency.record(500);
    meter.createObservableGauge('process.cpu.utilization', { unit: '1' }).addCallback((r) => r.observe(0.5));
    meter.createObservableUpDownCounter('process.memory.usage', { unit: 'By' }).addCallback((r) => r.observe(1024));

    await provider.forceFlush();
    expect(stream.lines).toHaveLength(1);
    const doc = JSON.parse(stream.lines[0]);
    expect(doc.resource_metrics[0].resource.attributes).toMatchObject({ 'service.name': 'console-test', 'service.version': '1.2.3' });
    const m = metricsOf(stream.lines[0]);
    expect(m.traffic_volume.scope).toEqual({ name: 'app.js', version: '0.1', schema_url: '' });
    expect(m.traffic_volume).toMatchObject({ type: 'sum', unit: '{request}', data: { aggregation_temporality: 2, is_monotonic: true } });
    expect(m.traffic_volume.data.data_points[0]).toMatchObject({ attributes: { route: '/' }, value: 3 });
    expect(m.queue.data).toMatchObject({ is_monotonic: false, data_points: [{ value: -2 }] });
    expect(m.latency.data.data_points[0]).toMatchObject({ count: 3, sum: 555, explicit_bounds: [10, 100], bucket_counts: [1, 1, 1], min: 5, max: 500 });
    expect(m['process.cpu.utilization']).toMatchObject({ type: 'gauge', data: { data_points: [{ value: 0.5 }] } });
    expect(m['process.memory.usage']).toMatchObject({ type: 'sum', unit: 'By', data: { is_monotonic: false, data_points: [{ value: 1024 }] } });
    const point = m.traffic_volume.data.data_points[0];
    expect(BigInt(point.time_unix_nano)).toBeGreaterThanOrEqual(BigInt(point.start_time_unix_nano));
    await provider.shutdown();
  });

  it('uses the temporality it is given', async () => {
    const { stream, provider } = setup({ temporality: AggregationTemporality.DELTA });
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(2);
    await provider.forceFlush();
    counter.add(5);
    await provider.forceFlush();
    const second = metricsOf(stream.lines[1]).c;
    expect(second.data.aggregation_temporality).toBe(1);
    expect(second.data.data_points[0].value).toBe(5);
    await provider.shutdown();
  });

  it('uses a temporality selector per instrument kind', async () => {
    const { stream, provider } = setup({ temporalitySelector: DELTA_TEMPORALITY_SELECTOR });
    const meter = provider.getMeter('m');
    meter.createCounter('c').add(1);
    meter.createUpDownCounter('u').add(1);
    await provider.forceFlush();
    const m = metricsOf(stream.lines[0]);
    expect(m.c.data.aggregation_temporality).toBe(1);
    expect(m.u.data.aggregation_temporality).toBe(2);
    await provider.shutdown();
  });

  it('prints exponential histograms chosen by its aggregation selector', async () => {
    const { stream, provider } = setup({
      aggregationSelector: (type) =>
        type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT },
    });
    const histogram = provider.getMeter('m').createHistogram('sizes');
    for (const v of [0, 1, 2, 4, 8]) histogram.record(v);
    await provider.forceFlush();
    const sizes = metricsOf(stream.lines[0]).sizes;
    expect(sizes.type).toBe('exponential_histogram');
    const point = sizes.data.data_points[0];
    expect(point).toMatchObject({ count: 5, sum: 15, zero_count: 1, min: 0, max: 8 });
    expect(typeof point.scale).toBe('number');
    expect(point.positive.bucket_counts.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    await provider.shutdown();
  });

  it('prints hostile attribute values recorded through the API without breaking the pipeline', async () => {
    const { stream, provider } = setup();
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(1, { big: 10n, loop, fn: () => 0, sym: Symbol('s') } as never);
    counter.add(1, { plain: 'yes' });
    await provider.forceFlush();
    const points = metricsOf(stream.lines[0]).c.data.data_points;
    expect(points.find((p: any) => p.attributes.plain === 'yes').value).toBe(1);
    await provider.shutdown();
  });

  it('works as the exporter of a meter provider registered through @opentelemetry/api', async () => {
    const { stream, provider } = setup();
    apiMetrics.setGlobalMeterProvider(provider);
    try {
      apiMetrics.getMeter('via-api', '2.0').createCounter('api_counter').add(4);
      await provider.forceFlush();
      expect(metricsOf(stream.lines[0]).api_counter).toMatchObject({ scope: { name: 'via-api', version: '2.0' }, data: { data_points: [{ value: 4 }] } });
    } finally {
      apiMetrics.disable();
      await provider.shutdown();
    }
  });
});
