// A real Prometheus with native histograms enabled scrapes the reader over the protobuf
// format: exponential histograms arrive as native histograms (histogram_quantile answers
// within one bucket of the recorded value), the other families alongside them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, InstrumentType, MeterProvider, type ExponentialHistogram } from '@meterkit/sdk-metrics-core';
import { PrometheusReader, PROTOBUF_CONTENT_TYPE } from '../src';
import { httpGet } from './support/http';
import { findBinary, sleep, startPrometheus, warnMissing, type RunningPrometheus } from './support/prometheus-tools';

const prometheusBinary = findBinary('prometheus');
if (!prometheusBinary) warnMissing('prometheus');
const withPrometheus = prometheusBinary ? describe : describe.skip;

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function queryEventually(prometheus: RunningPrometheus, expr: string, timeoutMs = 30_000): Promise<QueryResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await httpGet(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`).catch(() => undefined);
    if (res?.status === 200) {
      const result = (JSON.parse(res.body) as { data: { result: QueryResult[] } }).data.result;
      if (result.length > 0) return result;
    }
    if (Date.now() > deadline) throw new Error(`no result for ${expr} within ${timeoutMs} ms; prometheus logs:\n${prometheus.logs()}`);
    await sleep(250);
  }
}

const RECORDED = 37; // every value recorded into the native histogram

withPrometheus('prometheus --enable-feature=native-histograms scraping over protobuf', () => {
  let prometheus: RunningPrometheus | undefined;
  let provider: MeterProvider;
  let appServer: Server;
  let spreadScale: number;
  const served: Array<{ accept: string; contentType: string }> = [];

  beforeAll(async () => {
    const reader = new PrometheusReader({
      preventServerStart: true,
      aggregationSelector: (type) =>
        type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT },
    });
    provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'native' }), readers: [reader] });
    const meter = provider.getMeter('native.meter', '1.0.0');
    const payload = meter.createHistogram('payload', { description: 'Payload size', unit: 'By' });
    for (let i = 0; i < 100; i++) payload.record(RECORDED, { kind: 'json' });
    // A second series over many buckets: spans and deltas with more than one entry.
    for (let v = 1; v <= 100; v++) payload.record(v, { kind: 'spread' });
    meter.createCounter('requests', { description: 'Requests' }).add(5, { kind: 'json' });
    meter.createGauge('temperature', { unit: 'Cel' }).record(21.5);
    const collected = await reader.collect();
    const spreadPoint = collected.resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints.find((point) => point.attributes.kind === 'spread')!;
    spreadScale = (spreadPoint.value as ExponentialHistogram).scale; // the SDK narrowed it to fit 1..100 into its buckets
    // Through an app server, to see what was negotiated.
    appServer = createServer((req, res) => {
      const writeHead = res.writeHead.bind(res) as (status: number, headers: Record<string, string | number>) => typeof res;
      // The handler passes its headers to writeHead; keep the Content-Type it chose.
      res.writeHead = ((status: number, headers: Record<string, string | number>) => {
        served.push({ accept: String(req.headers.accept), contentType: String(headers['Content-Type']) });
        return writeHead(status, headers);
      }) as typeof res.writeHead;
      reader.getMetricsRequestHandler(req, res);
    });
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', () => resolve()));
    const port = (appServer.address() as AddressInfo).port;
    prometheus = await startPrometheus(prometheusBinary!, [{ job: 'native', target: `127.0.0.1:${port}`, path: '/metrics' }], [
      '--enable-feature=native-histograms',
    ]);
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => appServer?.close(() => resolve()));
    await provider?.shutdown();
  });

  test('the scrape is served in the protobuf format Prometheus asked for', async () => {
    await queryEventually(prometheus!, 'up{job="native"} == 1');
    expect(served.length).toBeGreaterThan(0);
    expect(served[0]!.accept).toMatch(/^application\/vnd\.google\.protobuf;proto=io\.prometheus\.client\.MetricFamily;encoding=delimited/);
    expect(served[0]!.contentType).toBe(PROTOBUF_CONTENT_TYPE);
  }, 40_000);

  test('histogram_quantile over the native histogram answers within one bucket of the recorded value', async () => {
    const p = prometheus!;
    // A native histogram is one series under the family name, with no _bucket series.
    const count = await queryEventually(p, 'histogram_count(payload_bytes{job="native",kind="json"})');
    expect(Number(count[0]!.value[1])).toBe(100);
    const sum = await queryEventually(p, 'histogram_sum(payload_bytes{job="native",kind="json"})');
    expect(Number(sum[0]!.value[1])).toBe(100 * RECORDED);
    const median = Number((await queryEventually(p, 'histogram_quantile(0.5, payload_bytes{job="native",kind="json"})'))[0]!.value[1]);
    // The reader writes schema 8 (the SDK's scale 20 merged down): a bucket spans a factor 2^(1/256).
    const bucketWidth = Math.pow(2, Math.pow(2, -8));
    expect(median).toBeGreaterThanOrEqual(RECORDED / bucketWidth);
    expect(median).toBeLessThanOrEqual(RECORDED * bucketWidth);
    // The spread series: 1..100 once each; the median is the 50th value, within one bucket
    // of the scale the SDK chose for it.
    expect(spreadScale).toBeLessThanOrEqual(8);
    const spreadWidth = Math.pow(2, Math.pow(2, -spreadScale));
    const spread = Number((await queryEventually(p, 'histogram_quantile(0.5, payload_bytes{job="native",kind="spread"})'))[0]!.value[1]);
    expect(spread).toBeGreaterThanOrEqual(50 / spreadWidth);
    expect(spread).toBeLessThanOrEqual(50 * spreadWidth);
    const spreadCount = await queryEventually(p, 'histogram_count(payload_bytes{job="native",kind="spread"})');
    expect(Number(spreadCount[0]!.value[1])).toBe(100);
    const classic = await httpGet(`${p.url}/api/v1/query?query=${encodeURIComponent('payload_bytes_bucket{job="native"}')}`);
    expect((JSON.parse(classic.body) as { data: { result: unknown[] } }).data.result).toEqual([]);
  }, 40_000);

  test('counters, gauges and target_info arrive alongside, with the same names as in the text formats', async () => {
    const p = prometheus!;
    const value = async (expr: string) => Number((await queryEventually(p, expr))[0]!.value[1]);
    expect(await value('requests_total{job="native",kind="json",otel_scope_name="native.meter",otel_scope_version="1.0.0"}')).toBe(5);
    expect(await value('temperature_celsius{job="native"}')).toBe(21.5);
    expect((await queryEventually(p, 'target_info{job="native"}'))[0]!.metric).toMatchObject({ service_name: 'native' });
  }, 40_000);
});
