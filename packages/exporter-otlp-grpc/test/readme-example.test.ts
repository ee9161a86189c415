// The README's collector example, run against a real receiver standing in for the collector.
import { metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@meterkit/sdk-metrics-core';
import { startOtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';

it('runs the README example (plaintext http:// endpoint) end to end', async () => {
  const collector = await startOtlpSink({ httpPort: null });
  try {
    const resource = resourceFromAttributes({ 'service.name': 'todobackend', 'service.version': '1.0.0' });
    const exporter = new OTLPMetricExporter({ url: `http://${collector.grpcAddress}` });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 5000 });
    const provider = new MeterProvider({ resource, readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    try {
      const meter = metrics.getMeter('todobackend', '1.0.0');
      meter.createCounter('requests_total', { unit: '{request}' }).add(1, { 'http.method': 'GET', status: '200' });
      await provider.shutdown();
    } finally {
      metrics.disable();
    }
    const point = await collector.waitForPoints((p) => p.name === 'requests_total', 2000);
    expect(point).toMatchObject({
      resource: { 'service.name': 'todobackend', 'service.version': '1.0.0' },
      scopeName: 'todobackend',
      scopeVersion: '1.0.0',
      unit: '{request}',
      value: 1,
      attributes: { 'http.method': 'GET', status: '200' },
    });
  } finally {
    await collector.close();
  }
});
