// Every instrument kind through a real MeterProvider, scraped over real HTTP from the
// reader's own server, with the exact exposition text.
import { InstrumentType, AggregationType } from '@meterkit/sdk-metrics-core';
import { httpGet, OPENMETRICS_ACCEPT } from './support/http';
import { SCOPE, startReader } from './support/provider';

type Ctx = Awaited<ReturnType<typeof startReader>>;
let ctx: Ctx | undefined;
afterEach(async () => {
  await ctx?.provider.shutdown();
  ctx = undefined;
});

async function scrape(url: string, accept?: string): Promise<string> {
  const res = await httpGet(url, accept ? { accept } : {});
  expect(res.status).toBe(200);
  return res.body;
}

test('Counter → counter with _total', async () => {
  ctx = await startReader();
  const counter = ctx.meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}' });
  counter.add(2, { 'http.method': 'GET' });
  counter.add(1, { 'http.method': 'POST' });
  counter.add(3, { 'http.method': 'GET' });
  expect(await scrape(ctx.url)).toBe(
    '# HELP http_server_requests_total Requests served\n' +
      '# TYPE http_server_requests_total counter\n' +
      `http_server_requests_total{http_method="GET",${SCOPE}} 5\n` +
      `http_server_requests_total{http_method="POST",${SCOPE}} 1\n`,
  );
});

test('Counter in OpenMetrics: family, _total and _created', async () => {
  ctx = await startReader();
  ctx.meter.createCounter('jobs', { description: 'Jobs done' }).add(4);
  const body = await scrape(ctx.url, OPENMETRICS_ACCEPT);
  expect(body.replace(/_created\{(.*)\} \d+(\.\d+)?\n/, '_created{$1} <start>\n')).toBe(
    '# HELP jobs Jobs done\n' +
      '# TYPE jobs counter\n' +
      `jobs_total{${SCOPE}} 4\n` +
      `jobs_created{${SCOPE}} <start>\n` +
      '# EOF\n',
  );
  const created = Number(/jobs_created\{.*\} (\S+)/.exec(body)![1]);
  expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(60);
});

test('UpDownCounter → gauge, with the unit suffix', async () => {
  ctx = await startReader();
  ctx.meter.createUpDownCounter('queue.size', { description: 'Bytes queued', unit: 'By' }).add(-7);
  expect(await scrape(ctx.url)).toBe(
    '# HELP queue_size_bytes Bytes queued\n' + '# TYPE queue_size_bytes gauge\n' + `queue_size_bytes{${SCOPE}} -7\n`,
  );
});

test('Histogram → cumulative buckets, +Inf, _sum, _count', async () => {
  ctx = await startReader();
  const h = ctx.meter.createHistogram('http.server.duration', {
    description: 'Duration',
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100] },
  });
  for (const v of [5, 50, 60, 500]) h.record(v, { route: '/' });
  expect(await scrape(ctx.url)).toBe(
    '# HELP http_server_duration_milliseconds Duration\n' +
      '# TYPE http_server_duration_milliseconds histogram\n' +
      `http_server_duration_milliseconds_bucket{route="/",${SCOPE},le="10"} 1\n` +
      `http_server_duration_milliseconds_bucket{route="/",${SCOPE},le="100"} 3\n` +
      `http_server_duration_milliseconds_bucket{route="/",${SCOPE},le="+Inf"} 4\n` +
      `http_server_duration_milliseconds_sum{route="/",${SCOPE}} 615\n` +
      `http_server_duration_milliseconds_count{route="/",${SCOPE}} 4\n`,
  );
});

test('Gauge → gauge, unit 1 adds no suffix', async () => {
  ctx = await startReader();
  ctx.meter.createGauge('process.cpu.utilization', { description: 'CPU', unit: '1' }).record(0.75, { cpu: 1 });
  expect(await scrape(ctx.url)).toBe(
    '# HELP process_cpu_utilization CPU\n' + '# TYPE process_cpu_utilization gauge\n' + `process_cpu_utilization{cpu="1",${SCOPE}} 0.75\n`,
  );
});

test('ObservableCounter → counter', async () => {
  ctx = await startReader();
  ctx.meter.createObservableCounter('process.cpu.time', { description: 'CPU time', unit: 's' }).addCallback((r) => {
    r.observe(1.5, { state: 'user' });
  });
  expect(await scrape(ctx.url)).toBe(
    '# HELP process_cpu_time_seconds_total CPU time\n' +
      '# TYPE process_cpu_time_seconds_total counter\n' +
      `process_cpu_time_seconds_total{state="user",${SCOPE}} 1.5\n`,
  );
});

test('ObservableUpDownCounter → gauge', async () => {
  ctx = await startReader();
  ctx.meter.createObservableUpDownCounter('db.connections', { description: 'Open', unit: '{connection}' }).addCallback((r) => r.observe(3));
  expect(await scrape(ctx.url)).toBe('# HELP db_connections Open\n# TYPE db_connections gauge\n' + `db_connections{${SCOPE}} 3\n`);
});

test('ObservableGauge → gauge', async () => {
  ctx = await startReader();
  ctx.meter.createObservableGauge('room.temperature', { description: 'Temperature', unit: 'Cel' }).addCallback((r) => r.observe(-1.25));
  expect(await scrape(ctx.url)).toBe(
    '# HELP room_temperature_celsius Temperature\n# TYPE room_temperature_celsius gauge\n' + `room_temperature_celsius{${SCOPE}} -1.25\n`,
  );
});

test('exponential histogram aggregation → le buckets', async () => {
  ctx = await startReader({
    aggregationSelector: (type) =>
      type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 4 } } : { type: AggregationType.DEFAULT },
    withoutScopeInfo: true,
  });
  const h = ctx.meter.createHistogram('payload', { description: 'Payload', unit: 'By' });
  for (const v of [1, 3, 8, 8]) h.record(v);
  const body = await scrape(ctx.url);
  // maxSize 4 over 1..8 forces a scale where 8 = base^i exactly (base 2 or 4): check the counts.
  const buckets = [...body.matchAll(/payload_bytes_bucket\{le="([^"]+)"\} (\d+)/g)].map((m) => [m[1], Number(m[2])]);
  expect(buckets.at(-1)).toEqual(['+Inf', 4]);
  expect(buckets.find(([le]) => le === '8')).toEqual(['8', 4]);
  expect(buckets.find(([le]) => le === '1')).toEqual(['1', 1]);
  expect(body).toContain('payload_bytes_sum 20\npayload_bytes_count 4\n');
  expect(body.startsWith('# HELP payload_bytes Payload\n# TYPE payload_bytes histogram\n')).toBe(true);
});

test('target_info from the resource, first in the output', async () => {
  ctx = await startReader({}, { 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': 'a-1' });
  ctx.meter.createCounter('c').add(1);
  expect(await scrape(ctx.url)).toBe(
    '# HELP target_info Target metadata\n' +
      '# TYPE target_info gauge\n' +
      'target_info{service_name="api",service_namespace="shop",service_instance_id="a-1"} 1\n' +
      '# TYPE c_total counter\n' +
      `c_total{${SCOPE}} 1\n`,
  );
});

test('each scrape runs a collection: values move between scrapes', async () => {
  ctx = await startReader({ withoutScopeInfo: true });
  const c = ctx.meter.createCounter('c');
  c.add(1);
  expect(await scrape(ctx.url)).toBe('# TYPE c_total counter\nc_total 1\n');
  c.add(2);
  expect(await scrape(ctx.url)).toBe('# TYPE c_total counter\nc_total 3\n');
});

test('a meter with schema URL and scope attributes: otel_scope_schema_url and otel_scope_<attribute> labels', async () => {
  ctx = await startReader();
  const meter = ctx.provider.getMeter('otelhttp', 'v0.24.0', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.31.0',
    attributes: { 'library.mascot': 'gopher' },
  });
  meter.createCounter('http.server.requests').add(1, { route: '/' });
  expect(await scrape(ctx.url)).toBe(
    '# TYPE http_server_requests_total counter\n' +
      'http_server_requests_total{route="/",otel_scope_name="otelhttp",otel_scope_version="v0.24.0",' +
      'otel_scope_schema_url="https://opentelemetry.io/schemas/1.31.0",otel_scope_library_mascot="gopher"} 1\n',
  );
});
