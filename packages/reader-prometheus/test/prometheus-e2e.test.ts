// The exposition checked by Prometheus's own tools: promtool's linter and parsers, and a
// real prometheus server scraping the reader and answering queries over its HTTP API.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, InstrumentType, MeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '../src';
import { httpGet, OPENMETRICS_ACCEPT } from './support/http';
import {
  findBinary,
  promtoolCheckMetrics,
  promtoolParseOpenMetrics,
  sleep,
  startPrometheus,
  warnMissing,
  type RunningPrometheus,
} from './support/prometheus-tools';

const promtool = findBinary('promtool');
const prometheusBinary = findBinary('prometheus');
if (!promtool) warnMissing('promtool');
if (!prometheusBinary) warnMissing('prometheus');
const withPromtool = promtool ? describe : describe.skip;
const withPrometheus = prometheusBinary ? describe : describe.skip;

/** A provider with one of every instrument kind, described and in base units (promtool lints both). */
function setup(readerOptions: ConstructorParameters<typeof PrometheusReader>[0] = {}) {
  const reader = new PrometheusReader({
    host: '127.0.0.1',
    port: 0,
    ...readerOptions,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'pod-1' }),
    readers: [reader],
  });
  const meter = provider.getMeter('e2e.meter', '1.2.3');
  meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}' }).add(7, { 'http.method': 'GET' });
  meter
    .createHistogram('http.server.duration', { description: 'Request duration', unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } })
    .record(0.3, { route: '/a "quoted"\\ \n' });
  meter.createUpDownCounter('queue.size', { description: 'Items queued', unit: 'By', valueType: ValueType.INT }).add(-3);
  meter.createGauge('cpu.utilization', { description: 'CPU in use', unit: '1' }).record(0.25);
  meter.createObservableCounter('process.cpu.time', { description: 'CPU time', unit: 's' }).addCallback((r) => r.observe(12.5));
  meter.createObservableUpDownCounter('connections', { description: 'Open connections' }).addCallback((r) => r.observe(4));
  meter.createObservableGauge('temperature', { description: 'Room "temperature"\nin celsius', unit: 'Cel' }).addCallback((r) => r.observe(21.5));
  return { reader, provider };
}

function setupExponential() {
  const reader = new PrometheusReader({
    host: '127.0.0.1',
    port: 0,
    aggregationSelector: (type) =>
      type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT },
  });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'exp' }), readers: [reader] });
  const histogram = provider.getMeter('exp').createHistogram('payload', { description: 'Payload size', unit: 'By' });
  for (const v of [1, 2, 4, 1000]) histogram.record(v);
  return { reader, provider };
}

withPromtool('promtool', () => {
  let ctx: ReturnType<typeof setup>;
  beforeAll(() => {
    ctx = setup();
  });
  afterAll(async () => {
    await ctx.provider.shutdown();
  });

  test('the text format 0.0.4 passes `promtool check metrics` with no lint problem', async () => {
    const { url } = await ctx.reader.ready;
    const res = await httpGet(url);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const result = promtoolCheckMetrics(promtool!, res.body);
    expect({ code: result.code, out: result.stdout + result.stderr }).toEqual({ code: 0, out: '' });
  });

  test('the OpenMetrics output is accepted by the OpenMetrics parser of promtool', async () => {
    const { url } = await ctx.reader.ready;
    const res = await httpGet(url, { accept: OPENMETRICS_ACCEPT });
    expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const result = promtoolParseOpenMetrics(promtool!, res.body);
    expect({ code: result.code, err: result.stderr }).toEqual({ code: 0, err: '' });
  });

  test('the OpenMetrics check is real: promtool rejects a UNIT that is not a suffix of the name', () => {
    const broken = '# TYPE foo_seconds gauge\n# UNIT foo_seconds bytes\nfoo_seconds 1\n# EOF\n';
    expect(promtoolParseOpenMetrics(promtool!, broken).code).not.toBe(0);
  });
});

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(prometheus: RunningPrometheus, expr: string): Promise<QueryResult[]> {
  const res = await httpGet(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  if (res.status !== 200) return [];
  const parsed = JSON.parse(res.body) as { data: { result: QueryResult[] } };
  return parsed.data.result;
}

/** Polls a query until it returns something (prometheus needs a moment to start and scrape). */
async function queryEventually(prometheus: RunningPrometheus, expr: string, timeoutMs = 20_000): Promise<QueryResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await query(prometheus, expr).catch(() => []);
    if (result.length > 0) return result;
    if (Date.now() > deadline) {
      throw new Error(`no result for ${expr} within ${timeoutMs} ms; prometheus logs:\n${prometheus.logs()}`);
    }
    await sleep(250);
  }
}

withPrometheus('a real prometheus server scraping the reader', () => {
  let ctx: ReturnType<typeof setup>;
  let prometheus: RunningPrometheus | undefined;
  let textServer: Server;
  let exponential: ReturnType<typeof setupExponential>;
  const seenAccept: string[] = [];

  beforeAll(async () => {
    ctx = setup();
    const address = await ctx.reader.ready;
    // Prometheus 2.42 always asks for OpenMetrics first; a second job reaches the same reader
    // through the request handler on an app server that pins the 0.0.4 text format.
    textServer = createServer((req, res) => {
      seenAccept.push(String(req.headers.accept));
      req.headers.accept = 'text/plain;version=0.0.4';
      ctx.reader.getMetricsRequestHandler(req, res);
    });
    await new Promise<void>((resolve) => textServer.listen(0, '127.0.0.1', () => resolve()));
    const textPort = (textServer.address() as AddressInfo).port;
    exponential = setupExponential();
    const exponentialAddress = await exponential.reader.ready;
    prometheus = await startPrometheus(prometheusBinary!, [
      { job: 'exponential', target: `127.0.0.1:${exponentialAddress.port}`, path: '/metrics' },
      { job: 'openmetrics', target: `127.0.0.1:${address.port}`, path: '/metrics' },
      { job: 'text', target: `127.0.0.1:${textPort}`, path: '/anything' },
    ]);
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => textServer?.close(() => resolve()));
    await ctx?.provider.shutdown();
    await exponential?.provider.shutdown();
  });

  test('an exponential histogram arrives as le buckets with the right counts', async () => {
    const p = prometheus!;
    await queryEventually(p, 'up{job="exponential"} == 1');
    const value = async (expr: string) => Number((await queryEventually(p, expr))[0]!.value[1]);
    expect(await value('payload_bytes_count{job="exponential"}')).toBe(4);
    expect(await value('payload_bytes_sum{job="exponential"}')).toBe(1 + 2 + 4 + 1000);
    expect(await value('payload_bytes_bucket{job="exponential",le="+Inf"}')).toBe(4);
    // 4 is a power of two, so a bucket bound at every scale: the bucket le=4 holds 1, 2 and 4.
    const buckets = await queryEventually(p, 'payload_bytes_bucket{job="exponential"}');
    const le4 = buckets
      .filter((b) => b.metric.le !== '+Inf' && Number(b.metric.le) >= 4)
      .sort((a, b) => Number(a.metric.le) - Number(b.metric.le))[0]!;
    expect(Number(le4.metric.le)).toBe(4);
    expect(Number(le4.value[1])).toBe(3);
  }, 40_000);

  test.each(['openmetrics', 'text'])('job %s: every scrape succeeds and the values read back are the recorded ones', async (job) => {
    const p = prometheus!;
    await queryEventually(p, `up{job="${job}"} == 1`);
    const value = async (expr: string) => Number((await queryEventually(p, expr))[0]!.value[1]);
    expect(await value(`http_server_requests_total{job="${job}",http_method="GET",otel_scope_name="e2e.meter",otel_scope_version="1.2.3"}`)).toBe(7);
    expect(await value(`http_server_duration_seconds_count{job="${job}"}`)).toBe(1);
    expect(await value(`http_server_duration_seconds_sum{job="${job}"}`)).toBe(0.3);
    expect(await value(`http_server_duration_seconds_bucket{job="${job}",le="0.1"}`)).toBe(0);
    expect(await value(`http_server_duration_seconds_bucket{job="${job}",le="0.5"}`)).toBe(1);
    expect(await value(`http_server_duration_seconds_bucket{job="${job}",le="+Inf"}`)).toBe(1);
    expect(await value(`queue_size_bytes{job="${job}"}`)).toBe(-3);
    expect(await value(`cpu_utilization{job="${job}"}`)).toBe(0.25);
    expect(await value(`process_cpu_time_seconds_total{job="${job}"}`)).toBe(12.5);
    expect(await value(`connections{job="${job}"}`)).toBe(4);
    expect(await value(`temperature_celsius{job="${job}"}`)).toBe(21.5);
    // Label values with quotes, backslashes and newlines survive the round trip.
    const bucket = await queryEventually(p, `http_server_duration_seconds_count{job="${job}"}`);
    expect(bucket[0]!.metric.route).toBe('/a "quoted"\\ \n');
    // target_info carries exactly the resource; job and instance come from the scrape.
    const target = await queryEventually(p, `target_info{job="${job}"}`);
    expect(target[0]!.metric).toMatchObject({
      service_name: 'checkout',
      service_namespace: 'shop',
      service_instance_id: 'pod-1',
      job,
    });
    expect(target[0]!.metric.exported_job).toBeUndefined();
    // The HELP text (with a quote and a newline) reached prometheus's metadata.
    const metadata = JSON.parse((await httpGet(`${p.url}/api/v1/metadata?metric=temperature_celsius`)).body) as {
      data: Record<string, Array<{ type: string; help: string; unit: string }>>;
    };
    expect(metadata.data.temperature_celsius?.[0]).toMatchObject({ type: 'gauge', help: 'Room "temperature"\nin celsius' });
  }, 40_000);

  test('prometheus negotiated OpenMetrics with the reader', async () => {
    await queryEventually(prometheus!, 'up{job="text"} == 1');
    expect(seenAccept[0]).toMatch(/^application\/openmetrics-text/);
  });
});
