// Next to @opentelemetry/sdk-node: traces from NodeSDK, metrics from meterkit. With the
// README's recipe (`metricReaders: []`) NodeSDK builds no metrics pipeline and registers
// nothing a second time; without it, NodeSDK's own pipeline collides with meterkit's.
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { runApp } from './helpers';

const sinkPromise: Promise<OtlpSink> = startOtlpSink({ grpcPort: null });
afterAll(async () => (await sinkPromise).close());

async function run(service: string, recipe: 'on' | 'off') {
  const sink = await sinkPromise;
  const result = await runApp(['--require', '@meterkit/auto/register'], 'nodesdk-app.js', {
    OTEL_SERVICE_NAME: service,
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${sink.httpUrl}/v1/metrics`,
    OTEL_LOGS_EXPORTER: 'none',
    METERKIT_RUNTIME_METRICS: 'false',
    RECIPE: recipe,
  }).done;
  const lastLine = result.stdout.trim().split('\n').pop()!;
  return { result, report: JSON.parse(lastLine), sink };
}

test.concurrent('the recipe: NodeSDK traces, meterkit metrics, NodeSDK\'s metrics pipeline off, nothing registered twice', async () => {
  const { result, report, sink } = await run('svc-nodesdk', 'on');
  expect(result.code).toBe(0);
  expect(report).toEqual({
    meterProvider: 'MeterProvider',
    sameGlobalMeterProvider: true,
    nodeSdkBuiltAMeterProvider: false,
    tracerProviderIsNodeSdks: true,
    finishedSpans: ['work'],
  });
  expect(result.stderr).not.toMatch(/DIAG error/);
  expect(result.stderr).not.toMatch(/duplicate registration/i);
  const point = await sink.waitForPoints((p) => p.resource['service.name'] === 'svc-nodesdk' && p.name === 'app.requests', 10_000);
  expect(point.attributes).toEqual({ route: '/traced' });
  expect(point.scopeName).toBe('nodesdk-app');
});

test.concurrent('without the recipe NodeSDK builds a second metrics pipeline and the API refuses to register it (what the test above rules out)', async () => {
  const { result, report } = await run('svc-nodesdk-off', 'off');
  expect(report.nodeSdkBuiltAMeterProvider).toBe(true);
  expect(result.stderr).toMatch(/DIAG error .*duplicate registration of API: metrics/i);
});
