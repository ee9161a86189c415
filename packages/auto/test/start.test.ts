// start() in-process: the env it is handed is the whole configuration (OTLP variables
// included), a second call returns the first provider, stop() undoes everything.
import { metrics } from '@opentelemetry/api';
import { startOtlpSink } from '@meterkit/otlp-sink';
import { start, stop } from '../src';

afterEach(() => stop());

test('start({ env }): the exporter sends where that env says, not where process.env says', async () => {
  const sink = await startOtlpSink({ grpcPort: null });
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:1'; // would fail if read
  try {
    const provider = start({
      env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl, OTEL_SERVICE_NAME: 'in-process' },
      runtimeMetrics: false,
      shutdownHooks: false,
    });
    expect(provider).toBeDefined();
    expect(start()).toBe(provider);
    expect(metrics.getMeterProvider()).toBe(provider);
    metrics.getMeter('t').createCounter('in.process').add(5);
    await provider!.forceFlush();
    const point = await sink.waitForPoints((p) => p.name === 'in.process');
    expect(point.value).toBe(5);
    expect(point.resource['service.name']).toBe('in-process');
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:1'); // restored
  } finally {
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    await stop();
    await sink.close();
  }
});

test('OTEL_METRICS_EXEMPLAR_FILTER of the env handed to start() picks the filter: always_on exports an exemplar without any span', async () => {
  const sink = await startOtlpSink({ grpcPort: null });
  const saved = process.env.OTEL_METRICS_EXEMPLAR_FILTER;
  process.env.OTEL_METRICS_EXEMPLAR_FILTER = 'always_off'; // would win if the provider read process.env
  try {
    const provider = start({
      env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl, OTEL_METRICS_EXEMPLAR_FILTER: 'ALWAYS_ON' },
      runtimeMetrics: false,
      shutdownHooks: false,
    });
    metrics.getMeter('t').createCounter('with.exemplar').add(2);
    await provider!.forceFlush();
    const point = await sink.waitForPoints((p) => p.name === 'with.exemplar');
    expect(point.exemplarCount).toBe(1);
  } finally {
    if (saved === undefined) delete process.env.OTEL_METRICS_EXEMPLAR_FILTER;
    else process.env.OTEL_METRICS_EXEMPLAR_FILTER = saved;
    await stop();
    await sink.close();
  }
});

test('disabled: start() returns undefined and registers nothing; stop() then allows a new start', async () => {
  expect(start({ env: { OTEL_SDK_DISABLED: 'TRUE' } })).toBeUndefined();
  expect(metrics.getMeterProvider().constructor.name).toBe('NoopMeterProvider');
  await stop();
  const provider = start({ env: { OTEL_METRICS_EXPORTER: 'none' }, runtimeMetrics: false, shutdownHooks: false });
  expect(provider?.constructor.name).toBe('MeterProvider');
});

test('a misspelled option is rejected by name', () => {
  expect(() => start({ runtimeMetric: false } as never)).toThrow(/runtimeMetric.*runtimeMetrics/);
});
