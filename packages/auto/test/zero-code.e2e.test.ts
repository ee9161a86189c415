// Real child processes started with --require / --import @meterkit/auto/register, exporting
// to one shared tools/otlp-sink over each protocol, to a Prometheus endpoint (scraped over
// HTTP) and to the console, configured by variables or by a file. They run the built
// package (dist/), as a user's process would. Each child has its own service.name, so the
// tests share the sink and run concurrently.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startOtlpSink, type OtlpSink, type ReceivedPoint } from '@meterkit/otlp-sink';
import { freePort, runApp, scrape } from './helpers';

const sinkPromise: Promise<OtlpSink> = startOtlpSink();
afterAll(async () => (await sinkPromise).close());

const REQUIRE = ['--require', '@meterkit/auto/register'];
const IMPORT = ['--import', '@meterkit/auto/register'];
const tmp = mkdtempSync(path.join(tmpdir(), 'meterkit-auto-'));

function fromService(sink: OtlpSink, service: string): ReceivedPoint[] {
  return sink.points().filter((p) => p.resource['service.name'] === service);
}

async function otlpEnv(service: string, protocol: string): Promise<Record<string, string>> {
  const sink = await sinkPromise;
  return {
    OTEL_SERVICE_NAME: service,
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? `http://${sink.grpcAddress}` : sink.httpUrl,
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
  };
}

describe.each([
  ['--require', REQUIRE, 'app.js', 'http/protobuf'],
  ['--import', IMPORT, 'app.mjs', 'http/json'],
  ['--require', REQUIRE, 'app.js', 'grpc'],
  ['--import', IMPORT, 'app.mjs', 'grpc'],
])('%s with OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', (_flag, nodeArgs, script, protocol) => {
  test.concurrent(`${protocol}: a short script's measurements reach the sink at exit, with the resource and runtime metrics`, async () => {
    const service = `svc-${script}-${protocol}`;
    const sink = await sinkPromise;
    const env = { ...(await otlpEnv(service, protocol)), OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,team=metrics' };
    const { ready, done } = runApp(nodeArgs, script, env);
    expect(await ready).toBe('READY MeterProvider');
    const result = await done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const point = await sink.waitForPoints((p) => p.resource['service.name'] === service && p.name === 'app.requests', 10_000);
    expect(point.value).toBe(3);
    expect(point.attributes).toEqual({ route: '/a', status: 200 });
    expect(point.resource).toMatchObject({
      'deployment.environment.name': 'test',
      team: 'metrics',
      'telemetry.sdk.language': 'nodejs',
      'process.runtime.name': 'nodejs',
      'host.name': expect.any(String),
      'os.type': expect.any(String),
      'service.instance.id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const names = new Set(fromService(sink, service).map((p) => p.name));
    for (const name of ['app.latency', 'process.cpu.time', 'nodejs.eventloop.utilization', 'v8js.memory.heap.used']) expect(names.has(name)).toBe(true);
    const transports = new Set(sink.requests.filter((r) => r.body.resourceMetrics?.[0]?.resource?.attributes?.some((a: any) => a.value?.stringValue === service)).map((r) => `${r.transport}/${r.encoding}`));
    expect([...transports]).toEqual([protocol === 'grpc' ? 'grpc/protobuf' : protocol === 'http/json' ? 'http/json' : 'http/protobuf']);
  });
});

test.concurrent('SIGTERM: the last export carries what was recorded since the last interval, then the process ends by SIGTERM', async () => {
  const service = 'svc-sigterm';
  const sink = await sinkPromise;
  const { child, ready, done } = runApp(REQUIRE, 'app.js', { ...(await otlpEnv(service, 'http/protobuf')), APP_MODE: 'serve' });
  await ready;
  await new Promise((r) => setTimeout(r, 300)); // a few /tick recordings
  expect(fromService(sink, service)).toEqual([]); // the 60 s interval has not exported anything yet
  child.kill('SIGTERM');
  const result = await done;
  expect(result.signal).toBe('SIGTERM'); // re-raised: ended as it would have without meterkit
  expect(result.stderr).toBe('');
  const tick = fromService(sink, service).find((p) => p.name === 'app.requests' && p.attributes.route === '/tick');
  expect(tick?.value).toBeGreaterThanOrEqual(1);
});

test.concurrent('SIGINT with METERKIT_SHUTDOWN_HOOKS=false: no flush, the signal kills the process as usual', async () => {
  const service = 'svc-no-hooks';
  const sink = await sinkPromise;
  const { child, ready, done } = runApp(REQUIRE, 'app.js', { ...(await otlpEnv(service, 'http/protobuf')), APP_MODE: 'serve', METERKIT_SHUTDOWN_HOOKS: 'false' });
  await ready;
  child.kill('SIGINT');
  const result = await done;
  expect(result.signal).toBe('SIGINT');
  await new Promise((r) => setTimeout(r, 300));
  expect(fromService(sink, service)).toEqual([]);
});

test.concurrent('an app with its own SIGTERM handler keeps it: meterkit flushes and does not kill the process', async () => {
  const service = 'svc-own-handler';
  const sink = await sinkPromise;
  const { child, ready, done } = runApp(REQUIRE, 'app.js', { ...(await otlpEnv(service, 'http/protobuf')), APP_MODE: 'serve', APP_OWN_SIGTERM: '1' });
  await ready;
  child.kill('SIGTERM');
  const result = await done;
  expect(result.signal).toBeNull();
  expect(result.code).toBe(7); // the app's own handler decided
  expect(result.stdout).toContain('app handled SIGTERM');
  expect(fromService(sink, service).some((p) => p.name === 'app.requests')).toBe(true);
});

test.concurrent('OTEL_SDK_DISABLED=true records nothing: the API stays no-op and nothing is sent', async () => {
  const service = 'svc-disabled';
  const sink = await sinkPromise;
  const { ready, done } = runApp(REQUIRE, 'app.js', { ...(await otlpEnv(service, 'http/protobuf')), OTEL_SDK_DISABLED: 'true' });
  expect(await ready).toBe('READY NoopMeterProvider');
  const result = await done;
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  await new Promise((r) => setTimeout(r, 300));
  expect(fromService(sink, service)).toEqual([]);
});

test.concurrent('OTEL_METRICS_EXPORTER=console prints the export on stdout at exit', async () => {
  const { ready, done } = runApp(IMPORT, 'app.mjs', { OTEL_METRICS_EXPORTER: 'console', OTEL_SERVICE_NAME: 'svc-console', METERKIT_RUNTIME_METRICS: 'false' });
  await ready;
  const result = await done;
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/meterkit metrics export #1/);
  expect(result.stdout).toContain('"name": "app.requests"');
  expect(result.stdout).toContain('"service.name": "svc-console"');
  expect(result.stdout).not.toContain('process.cpu.time'); // runtime metrics off by variable
});

test.concurrent('OTEL_METRICS_EXPORTER=prometheus,console: scraped over HTTP while running, both exporters at once', async () => {
  const port = await freePort();
  const { child, ready, done } = runApp(REQUIRE, 'app.js', {
    OTEL_METRICS_EXPORTER: 'prometheus,console',
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    OTEL_SERVICE_NAME: 'svc-prometheus',
    APP_MODE: 'serve',
  });
  await ready;
  const text = await scrape(`http://127.0.0.1:${port}/metrics`);
  expect(text).toMatch(/^app_requests_total\{[^}]*route="\/a"[^}]*\} 3$/m);
  expect(text).toMatch(/^target_info\{[^}]*service_name="svc-prometheus"/m);
  expect(text).toMatch(/^nodejs_eventloop_utilization/m);
  child.kill('SIGTERM');
  const result = await done;
  expect(result.signal).toBe('SIGTERM');
  expect(result.stdout).toContain('"name": "app.requests"'); // the console reader's final export
});

test.concurrent('a bad value warns once, naming the variable, and the default is used', async () => {
  const service = 'svc-bad-values';
  const sink = await sinkPromise;
  const env = {
    ...(await otlpEnv(service, 'http/protobuf')),
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'carrier-pigeon',
    OTEL_METRIC_EXPORT_INTERVAL: 'soon',
    OTEL_EXPORTER_OTLP_TIMEOUT: 'abc',
  };
  const result = await runApp(REQUIRE, 'app.js', env).done;
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="carrier-pigeon"');
  expect(result.stderr).toContain('OTEL_METRIC_EXPORT_INTERVAL="soon"');
  // The exporter's own complaint about OTEL_EXPORTER_OTLP_TIMEOUT (a throw today, a diag
  // warning once the exporters warn): either way the exporter is kept and the data arrives.
  await sink.waitForPoints((p) => p.resource['service.name'] === service && p.name === 'app.requests', 10_000);
});

test.concurrent('OTEL_LOG_LEVEL=warn: the SDK\'s own diagnostics (a failed export) reach stderr', async () => {
  const port = await freePort(); // nothing listens there
  const result = await runApp(REQUIRE, 'app.js', {
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    OTEL_LOG_LEVEL: 'warn',
    METERKIT_SHUTDOWN_TIMEOUT_MILLIS: '3000',
  }).done;
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/^meterkit (error|warn): .*export/im);
});

describe('OTEL_CONFIG_FILE', () => {
  test.concurrent('YAML: readers, views and resource from the file, ${VAR} substituted, the other variables ignored', async () => {
    const sink = await sinkPromise;
    const file = path.join(tmp, 'otel.yaml');
    writeFileSync(
      file,
      `file_format: "1.0"
resource:
  attributes:
    - name: service.name
      value: svc-yaml-file
    - name: replicas
      value: \${REPLICAS}
      type: int
  attributes_list: region=\${REGION:-eu-west-1}
meter_provider:
  readers:
    - periodic:
        interval: \${INTERVAL:-60000}
        exporter:
          otlp_http:
            endpoint: \${SINK_URL}/v1/metrics
            encoding: json
            headers:
              - name: x-tenant
                value: acme
  views:
    - selector:
        instrument_name: app.requests
      stream:
        name: app.requests.by_route
        attribute_keys:
          included: [route]
    - selector:
        meter_name: "@meterkit/runtime-metrics"
      stream:
        aggregation:
          drop:
`,
    );
    const result = await runApp(REQUIRE, 'app.js', {
      OTEL_CONFIG_FILE: file,
      SINK_URL: sink.httpUrl,
      REPLICAS: '3',
      // Ignored when the file is set: no console output, no other service name.
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_SERVICE_NAME: 'not-this-one',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-leak=1',
    }).done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('meterkit metrics export');
    const point = await sink.waitForPoints((p) => p.resource['service.name'] === 'svc-yaml-file' && p.name === 'app.requests.by_route', 10_000);
    expect(point.attributes).toEqual({ route: '/a' });
    expect(point.resource).toMatchObject({ replicas: 3, region: 'eu-west-1' });
    const request = sink.requests[point.requestIndex]!;
    expect(request.encoding).toBe('json');
    expect(request.headers['x-tenant']).toBe('acme');
    expect(request.headers['x-leak']).toBeUndefined();
    const names = new Set(fromService(sink, 'svc-yaml-file').map((p) => p.name));
    expect(names.has('process.cpu.time')).toBe(false); // dropped by the view
  });

  test.concurrent('JSON: gRPC reader, a quoted whole ${VAR} is typed like a plain YAML value', async () => {
    const sink = await sinkPromise;
    const file = path.join(tmp, 'otel.json');
    writeFileSync(
      file,
      JSON.stringify({
        file_format: '1.0',
        resource: { attributes: [{ name: 'service.name', value: 'svc-json-file' }] },
        meter_provider: {
          readers: [{ periodic: { interval: '${INTERVAL}', exporter: { otlp_grpc: { endpoint: 'http://${SINK_GRPC}', temporality_preference: 'delta' } } } }],
        },
      }),
    );
    const result = await runApp(IMPORT, 'app.mjs', { OTEL_CONFIG_FILE: file, SINK_GRPC: sink.grpcAddress, INTERVAL: '60000' }).done;
    expect(result.stderr).toBe('');
    const point = await sink.waitForPoints((p) => p.resource['service.name'] === 'svc-json-file' && p.name === 'app.requests', 10_000);
    expect(point.temporality).toBe('delta');
    expect(sink.requests[point.requestIndex]!.transport).toBe('grpc');
  });

  test.concurrent('a file with errors names each bad field by its path, leaves metrics off, and the app runs', async () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(
      file,
      `file_format: "1.0"
meter_provider:
  readers:
    - periodic:
        intervall: 1000
        exporter:
          otlp_http:
            timeout: soon
`,
    );
    const { ready, done } = runApp(REQUIRE, 'app.js', { OTEL_CONFIG_FILE: file });
    expect(await ready).toBe('READY NoopMeterProvider');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('meter_provider.readers[0].periodic.intervall: unknown field (did you mean "interval"?)');
    expect(result.stderr).toContain('meter_provider.readers[0].periodic.exporter.otlp_http.timeout: expected an integer >= 0, got "soon"');
  });

  test.concurrent('pull reader: prometheus/development from the file', async () => {
    const port = await freePort();
    const file = path.join(tmp, 'prom.yaml');
    writeFileSync(
      file,
      `file_format: "1.0"
meter_provider:
  readers:
    - pull:
        exporter:
          prometheus/development:
            host: 127.0.0.1
            port: ${port}
            without_scope_info: true
`,
    );
    const { child, ready, done } = runApp(REQUIRE, 'app.js', { OTEL_CONFIG_FILE: file, APP_MODE: 'serve' });
    await ready;
    const text = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(text).toMatch(/^app_requests_total\{route="\/a",status="200"\} 3$/m);
    child.kill('SIGTERM');
    expect((await done).signal).toBe('SIGTERM');
  });
});

describe("import { start } from '@meterkit/auto'", () => {
  test.concurrent('returns the registered global provider; later calls return the same one', async () => {
    const { ready, done } = runApp([], 'start-from-code.mjs', { OTEL_METRICS_EXPORTER: 'console', METERKIT_RUNTIME_METRICS: 'false' });
    expect(JSON.parse((await ready).slice('READY '.length))).toEqual({
      registeredBefore: 'NoopMeterProvider',
      returned: 'MeterProvider',
      isGlobal: true,
      idempotent: true,
    });
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"name": "code.calls"');
  });

  test.concurrent('after --require @meterkit/auto/register, start() in an ES module returns the provider the flag set up', async () => {
    const { ready, done } = runApp(REQUIRE, 'start-from-code.mjs', { OTEL_METRICS_EXPORTER: 'console', METERKIT_RUNTIME_METRICS: 'false' });
    expect(JSON.parse((await ready).slice('READY '.length))).toEqual({
      registeredBefore: 'MeterProvider',
      returned: 'MeterProvider',
      isGlobal: true,
      idempotent: true,
    });
    const result = await done;
    // One provider, so one console export (not two pipelines).
    expect(result.stdout.match(/meterkit metrics export #1/g)).toHaveLength(1);
  });
});
