// The plan read from the OTEL_* variables: the specification's values, and a warning plus
// the default for anything else (stderr captured).
import { planFromEnvironment } from '../src';
import { loadOptional } from '../src/optional-module';
import { resetWarnings } from '../src/warn';

let stderr: string[];
beforeEach(() => {
  resetWarnings();
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

test('defaults: one OTLP http/protobuf reader, 60 s interval, 30 s timeout', () => {
  expect(planFromEnvironment({}).readers).toEqual([
    { kind: 'periodic', exporter: { kind: 'otlp', protocol: 'http/protobuf', env: {} }, intervalMillis: 60000, timeoutMillis: 30000 },
  ]);
});

test('several exporters at once, each once, in order; the per-signal protocol wins over the general one', () => {
  const plan = planFromEnvironment({
    OTEL_METRICS_EXPORTER: ' console , otlp,prometheus,console',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc',
    OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
    OTEL_EXPORTER_PROMETHEUS_PORT: '9999',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  });
  expect(plan.readers).toEqual([
    { kind: 'periodic', exporter: { kind: 'console' }, intervalMillis: 1000, timeoutMillis: 1000 },
    { kind: 'periodic', exporter: { kind: 'otlp', protocol: 'grpc', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' } }, intervalMillis: 1000, timeoutMillis: 1000 },
    { kind: 'prometheus', host: '0.0.0.0', port: 9999 },
  ]);
  expect(stderr).toEqual([]);
});

test('"none" means no reader', () => {
  expect(planFromEnvironment({ OTEL_METRICS_EXPORTER: 'none' }).readers).toEqual([]);
  expect(planFromEnvironment({ OTEL_METRICS_EXPORTER: 'none,console' }).readers).toEqual([]);
});

test('bad values warn once each, naming the variable, and fall back', () => {
  const plan = planFromEnvironment({
    OTEL_METRICS_EXPORTER: 'otlp,jaeger',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'udp',
    OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety',
    OTEL_METRIC_EXPORT_INTERVAL: '-5',
    OTEL_METRIC_EXPORT_TIMEOUT: '90000',
    OTEL_METRICS_EXEMPLAR_FILTER: 'sometimes',
    OTEL_NODE_RESOURCE_DETECTORS: 'env,aws',
  });
  expect(plan.readers).toEqual([{ kind: 'periodic', exporter: { kind: 'otlp', protocol: 'http/protobuf', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' } }, intervalMillis: 60000, timeoutMillis: 60000 }]);
  const text = stderr.join('');
  for (const name of ['"jaeger"', 'OTEL_EXPORTER_OTLP_PROTOCOL="udp"', 'OTEL_METRIC_EXPORT_INTERVAL="-5"', 'OTEL_METRIC_EXPORT_TIMEOUT (90000)', 'OTEL_METRICS_EXEMPLAR_FILTER="sometimes"', 'detector "aws"']) {
    expect(text).toContain(name);
  }
  expect(planFromEnvironment({ OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety', OTEL_METRICS_EXPORTER: 'prometheus' }).readers).toEqual([{ kind: 'prometheus', host: 'localhost', port: 9464 }]);
});

test('OTEL_METRICS_EXEMPLAR_FILTER goes into the plan (case-insensitive); unset or invalid leaves the default', () => {
  expect(planFromEnvironment({ OTEL_METRICS_EXEMPLAR_FILTER: 'Always_Off' }).exemplarFilter).toBe('always_off');
  expect(planFromEnvironment({ OTEL_METRICS_EXEMPLAR_FILTER: 'trace_based' }).exemplarFilter).toBe('trace_based');
  expect(stderr).toEqual([]);
  expect(planFromEnvironment({}).exemplarFilter).toBeUndefined();
  expect(planFromEnvironment({ OTEL_METRICS_EXEMPLAR_FILTER: 'sometimes' }).exemplarFilter).toBeUndefined();
  expect(stderr.join('')).toContain('OTEL_METRICS_EXEMPLAR_FILTER="sometimes" is not one of always_on, always_off, trace_based; the default (trace_based) is used');
});

test('resource: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over detected values; detectors can be chosen', () => {
  const r = planFromEnvironment({ OTEL_SERVICE_NAME: 'svc', OTEL_RESOURCE_ATTRIBUTES: 'host.name=pinned,k=v' }).resource.attributes;
  expect(r).toMatchObject({ 'service.name': 'svc', 'host.name': 'pinned', k: 'v', 'process.pid': process.pid, 'os.type': expect.any(String) });
  const bare = planFromEnvironment({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }).resource.attributes;
  expect(bare['process.pid']).toBeUndefined();
  expect(bare['telemetry.sdk.language']).toBe('nodejs');
});

test('a missing exporter package is one line naming what to install', () => {
  expect(loadOptional('@meterkit/not-installed', 'OTEL_METRICS_EXPORTER=otlp')).toBeUndefined();
  expect(stderr).toEqual(['@meterkit/auto: OTEL_METRICS_EXPORTER=otlp needs @meterkit/not-installed; install it: npm install @meterkit/not-installed\n']);
});

test('OTEL_LOG_LEVEL: a known level case-insensitively, a bad one warns and uses warn, unset installs nothing', () => {
  expect(planFromEnvironment({ OTEL_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  expect(planFromEnvironment({}).logLevel).toBeUndefined();
  expect(planFromEnvironment({ OTEL_LOG_LEVEL: 'chatty' }).logLevel).toBe('warn');
  expect(stderr.join('')).toContain('OTEL_LOG_LEVEL="chatty"');
});
