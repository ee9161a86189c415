// The reader's HTTP server and request handler: options, negotiation, gzip, methods and paths,
// concurrency, shutdown and failures, over real HTTP on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '../src';
import { resolveServerSettings } from '../src/options';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { httpGet, OPENMETRICS_ACCEPT } from './support/http';
import { startReader } from './support/provider';

type Ctx = Awaited<ReturnType<typeof startReader>>;
let ctx: Ctx | undefined;
let appServer: Server | undefined;
let diagCapture: ReturnType<typeof captureDiag>;

beforeEach(() => {
  diagCapture = captureDiag();
});
afterEach(async () => {
  await ctx?.provider.shutdown();
  ctx = undefined;
  if (appServer) await new Promise<void>((resolve) => appServer!.close(() => resolve()));
  appServer = undefined;
  diagCapture.restore();
  delete process.env.OTEL_EXPORTER_PROMETHEUS_HOST;
  delete process.env.OTEL_EXPORTER_PROMETHEUS_PORT;
});

/** An application's own server mounting the handler the way express or plain http would. */
async function serveWithApp(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  appServer = createServer((req, res) => {
    if (req.url === '/app/metrics') handler(req, res);
    else res.writeHead(200).end('app');
  });
  await new Promise<void>((resolve) => appServer!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/app/metrics`;
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('address and options', () => {
  test('port 0 picks a free port; ready, start() and address agree', async () => {
    ctx = await startReader();
    const { address, reader } = ctx;
    expect(address!.port).toBeGreaterThan(0);
    expect(address).toEqual({ host: '127.0.0.1', port: address!.port, url: `http://127.0.0.1:${address!.port}/metrics` });
    expect(reader.address).toEqual(address);
    await expect(reader.start()).resolves.toEqual(address);
  });

  test('preventServerStart: no server until start()', async () => {
    ctx = await startReader({ preventServerStart: true, endpoint: 'custom' });
    expect(ctx.reader.address).toBeUndefined();
    const address = await ctx.reader.start();
    expect(address.url).toBe(`http://127.0.0.1:${address.port}/custom`);
    await expect(ctx.reader.ready).resolves.toEqual(address);
    ctx.meter.createCounter('c').add(1);
    expect((await httpGet(address.url)).status).toBe(200);
    expect((await httpGet(address.url.replace('/custom', '/metrics'))).status).toBe(404);
  });

  test('OTEL_EXPORTER_PROMETHEUS_HOST and _PORT are used when the options are absent', async () => {
    process.env.OTEL_EXPORTER_PROMETHEUS_HOST = '127.0.0.1';
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = '0';
    const reader = new PrometheusReader();
    const provider = new MeterProvider({ readers: [reader] });
    const address = await reader.ready;
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    await provider.shutdown();
  });

  test('defaults without options or environment: localhost:9464/metrics; options beat the environment', () => {
    expect(resolveServerSettings({}, {})).toEqual({ host: 'localhost', port: 9464, endpoint: '/metrics' });
    const env = { OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0', OTEL_EXPORTER_PROMETHEUS_PORT: ' 9999 ' };
    expect(resolveServerSettings({}, env)).toEqual({ host: '0.0.0.0', port: 9999, endpoint: '/metrics' });
    expect(resolveServerSettings({ host: '::1', port: 1234, endpoint: 'm' }, env)).toEqual({ host: '::1', port: 1234, endpoint: '/m' });
    expect(resolveServerSettings({}, { OTEL_EXPORTER_PROMETHEUS_PORT: '' })).toEqual({ host: 'localhost', port: 9464, endpoint: '/metrics' });
  });

  test('bad configuration fails at construction, naming the option', () => {
    expect(() => new PrometheusReader({ port: 70000, preventServerStart: true })).toThrow(/option "port"/);
    expect(() => new PrometheusReader({ port: 1.5, preventServerStart: true })).toThrow(/option "port"/);
    expect(() => new PrometheusReader({ endpoint: '/a?b', preventServerStart: true })).toThrow(/option "endpoint"/);
    expect(() => new PrometheusReader({ collectionTimeoutMillis: -1, preventServerStart: true })).toThrow(/option "collectionTimeoutMillis"/);
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = 'abc';
    expect(() => new PrometheusReader({ preventServerStart: true })).toThrow(/OTEL_EXPORTER_PROMETHEUS_PORT "abc"/);
  });

  test('a port in use rejects ready and start() and logs a diag error, without an unhandled rejection', async () => {
    ctx = await startReader();
    const clash = new PrometheusReader({ host: '127.0.0.1', port: ctx.address!.port });
    await expect(clash.ready).rejects.toThrow(/EADDRINUSE/);
    await expect(clash.start()).rejects.toThrow(/EADDRINUSE/);
    expect(diagCapture.errors().join()).toMatch(/could not listen on 127\.0\.0\.1/);
    await clash.shutdown();
  });

  test('temporality is always cumulative', () => {
    const reader = new PrometheusReader({ preventServerStart: true });
    expect(reader.selectAggregationTemporality('COUNTER' as never)).toBe(1);
    expect(reader.selectAggregationTemporality('HISTOGRAM' as never)).toBe(1);
  });
});

describe('HTTP', () => {
  test('content negotiation: OpenMetrics when asked for, 0.0.4 text otherwise', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    ctx.meter.createGauge('g').record(1);
    const plain = await httpGet(ctx.url);
    expect(plain.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(plain.body).toBe('# TYPE g gauge\ng 1\n');
    const om = await httpGet(ctx.url, { accept: OPENMETRICS_ACCEPT });
    expect(om.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.body).toBe('# TYPE g gauge\ng 1\n# EOF\n');
    const preferText = await httpGet(ctx.url, { accept: 'application/openmetrics-text;version=1.0.0;q=0.2,text/plain;version=0.0.4;q=0.9' });
    expect(preferText.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.headers.vary).toBe('Accept, Accept-Encoding');
  });

  test('gzip when the scraper accepts it', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    ctx.meter.createGauge('g').record(1);
    const res = await httpGet(ctx.url, { 'accept-encoding': 'gzip, deflate' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.raw).toString()).toBe('# TYPE g gauge\ng 1\n');
    expect(Number(res.headers['content-length'])).toBe(res.raw.length);
    const identity = await httpGet(ctx.url, { 'accept-encoding': 'gzip;q=0, identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  test('HEAD answers headers only; other methods 405; other paths 404; query strings are ignored', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    ctx.meter.createGauge('g').record(1);
    const head = await httpGet(ctx.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe('# TYPE g gauge\ng 1\n'.length);
    const post = await httpGet(ctx.url, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await httpGet(ctx.url.replace('/metrics', '/nope'))).status).toBe(404);
    expect((await httpGet(`${ctx.url}?debug=1`)).body).toBe('# TYPE g gauge\ng 1\n');
  });

  test('getMetricsRequestHandler serves from an application server (express / plain http style)', async () => {
    ctx = await startReader({ preventServerStart: true, withoutScopeInfo: true });
    ctx.meter.createCounter('orders').add(2);
    const url = await serveWithApp(ctx.reader.getMetricsRequestHandler);
    const res = await httpGet(url, { accept: OPENMETRICS_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^# TYPE orders counter\norders_total 2\norders_created \S+\n# EOF\n$/);
  });

  test('getMetrics() returns content type and body for frameworks without node requests', async () => {
    ctx = await startReader({ preventServerStart: true, withoutScopeInfo: true });
    ctx.meter.createGauge('g').record(3);
    await expect(ctx.reader.getMetrics()).resolves.toEqual({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '# TYPE g gauge\ng 3\n' });
    await expect(ctx.reader.getMetrics({ accept: 'application/openmetrics-text' })).resolves.toEqual({
      contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
      body: '# TYPE g gauge\ng 3\n# EOF\n',
    });
  });

  test('a series repeated by two scopes is dropped on every scrape, with one warning for the reader', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    const other = ctx.provider.getMeter('other.meter');
    ctx.meter.createCounter('jobs').add(1, { queue: 'a' });
    other.createCounter('jobs').add(5, { queue: 'a' });
    other.createCounter('jobs').add(7, { queue: 'b' });
    for (let scrape = 0; scrape < 2; scrape++) {
      const res = await httpGet(ctx.url);
      expect(res.status).toBe(200);
      expect(res.body).toBe('# TYPE jobs_total counter\njobs_total{queue="a"} 1\njobs_total{queue="b"} 7\n');
    }
    await ctx.reader.getMetrics({ accept: 'application/openmetrics-text' });
    const repeats = diagCapture.warnings().filter((w) => /repeats a series/.test(w));
    expect(repeats).toEqual([expect.stringContaining('metric "jobs" repeats a series of "jobs_total" with the same labels {queue="a"}')]);
  });

  test('a reader not yet registered on a provider answers 503', async () => {
    const reader = new PrometheusReader({ host: '127.0.0.1', port: 0 });
    const { url } = await reader.ready;
    const res = await httpGet(url);
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/not registered/);
    await reader.shutdown();
  });
});

describe('concurrency', () => {
  test('concurrent scrapes share one collection', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    const gate = deferred();
    let calls = 0;
    ctx.meter.createObservableGauge('slow').addCallback(async (r) => {
      calls += 1;
      await gate.promise;
      r.observe(calls);
    });
    const scrapes = [httpGet(ctx.url), httpGet(ctx.url, { accept: OPENMETRICS_ACCEPT }), httpGet(ctx.url)];
    // Let all three requests reach the reader while the first collection waits.
    await new Promise((resolve) => setTimeout(resolve, 100));
    gate.release();
    const results = await Promise.all(scrapes);
    expect(calls).toBe(1);
    expect(results.map((r) => r.body)).toEqual(['# TYPE slow gauge\nslow 1\n', '# TYPE slow gauge\nslow 1\n# EOF\n', '# TYPE slow gauge\nslow 1\n']);
    // The next scrape collects again.
    expect((await httpGet(ctx.url)).body).toBe('# TYPE slow gauge\nslow 2\n');
  });
});

describe('shutdown and failures', () => {
  test('a scrape during shutdown gets a complete answer, scrapes after it 503; the own server closes', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    const appUrl = await serveWithApp(ctx.reader.getMetricsRequestHandler);
    const gate = deferred();
    ctx.meter.createObservableGauge('slow').addCallback(async (r) => {
      await gate.promise;
      r.observe(1);
    });
    const inFlight = httpGet(ctx.url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shutdown = ctx.reader.shutdown();
    const during = await httpGet(appUrl);
    expect(during.status).toBe(503);
    expect(during.body).toMatch(/shut down/);
    gate.release();
    const first = await inFlight;
    expect([200, 503]).toContain(first.status);
    await shutdown;
    const after = await httpGet(appUrl);
    expect(after.status).toBe(503);
    await expect(httpGet(ctx.url)).rejects.toThrow(/ECONNREFUSED/);
    await expect(ctx.reader.getMetrics()).rejects.toThrow(/shut down/);
    await expect(ctx.reader.start()).rejects.toThrow(/shut down/);
  });

  test('a half-open scrape connection (half a request sent) does not hold shutdown to its timeout', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    const socket = connect(ctx.address!.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    // A request line and one header, never the blank line that ends the head.
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    // Rejects when the timeout passes: shutdown must finish well inside it.
    await ctx.reader.shutdown({ timeoutMillis: 8000 });
    expect(Date.now() - started).toBeLessThan(8000);
    await closed; // the reader closed the connection; the client did nothing
    await expect(httpGet(ctx.url)).rejects.toThrow(/ECONNREFUSED/);
  }, 20_000);

  test('a scrape that is being answered when shutdown starts still completes after the grace', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    const gate = deferred();
    ctx.meter.createObservableGauge('slow').addCallback(async (r) => {
      await gate.promise;
      r.observe(1);
    });
    const inFlight = httpGet(ctx.url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shutdown = ctx.reader.shutdown({ timeoutMillis: 8000 });
    // Longer than the grace after which half-open connections are closed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gate.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toBe('# TYPE slow gauge\nslow 1\n');
    await shutdown;
  }, 20_000);

  test('a failing collection answers 500 with a short body and logs a diag error', async () => {
    const reader = new PrometheusReader({ host: '127.0.0.1', port: 0 });
    reader.setMetricProducer({ collect: () => Promise.reject(new Error('boom')) });
    const { url } = await reader.ready;
    const res = await httpGet(url);
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal Server Error: metrics collection failed\n');
    expect(diagCapture.errors().join()).toMatch(/collection failed.*boom/);
    await reader.shutdown();
  });

  test('a failing callback: the rest of the data is still served, the error goes to diag', async () => {
    ctx = await startReader({ withoutScopeInfo: true });
    ctx.meter.createObservableGauge('broken').addCallback(() => {
      throw new Error('callback exploded');
    });
    ctx.meter.createGauge('fine').record(1);
    const res = await httpGet(ctx.url);
    expect(res.status).toBe(200);
    expect(res.body).toContain('# TYPE fine gauge\nfine 1\n');
    expect(diagCapture.errors().join()).toMatch(/callback exploded/);
  });
});
