import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ConsoleMetricExporter } from '../src';
import { CaptureStream } from './helpers';

describe('ConsoleMetricExporter behind @opentelemetry/sdk-metrics', () => {
  it('prints the official SDK’s exports (same data model, same enum values)', async () => {
    const stream = new CaptureStream();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'official' }),
      readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter({ format: 'json', stream }), exportIntervalMillis: 60_000 })],
    });
    const meter = provider.getMeter('official-scope', '3.0');
    meter.createCounter('hits').add(2, { path: '/' });
    meter.createHistogram('size', { advice: { explicitBucketBoundaries: [10] } }).record(20);
    await provider.forceFlush();
    const doc = JSON.parse(stream.lines[0]);
    const metrics = doc.resource_metrics[0].scope_metrics[0].metrics;
    expect(doc.resource_metrics[0].scope_metrics[0].scope).toMatchObject({ name: 'official-scope', version: '3.0' });
    expect(metrics[0]).toMatchObject({ name: 'hits', type: 'sum', data: { aggregation_temporality: 2, is_monotonic: true, data_points: [{ value: 2, attributes: { path: '/' } }] } });
    expect(metrics[1]).toMatchObject({ name: 'size', type: 'histogram', data: { data_points: [{ count: 1, bucket_counts: [0, 1], explicit_bounds: [10] }] } });
    await provider.shutdown();
  });
});
