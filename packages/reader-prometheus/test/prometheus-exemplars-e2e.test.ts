// A real Prometheus with exemplar storage scrapes the reader and answers /api/v1/query_exemplars
// with the exemplars the reader served: over OpenMetrics (the format Prometheus asks for), and
// over protobuf (what it asks for once native histograms are on too). The data comes from a
// producer with hand-built exemplars, so the format path is checked on its own; the test with
// exemplars recorded from real spans is in prometheus-exemplars-spans-e2e.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type MetricProducer } from '@meterkit/sdk-metrics-core';
import { PrometheusReader, PROTOBUF_CONTENT_TYPE } from '../src';
import { exemplar, histogram, resourceMetrics, SPAN_ID, sum, TRACE_ID, withExemplars } from './support/data';
import { findBinary, startPrometheus, warnMissing, type RunningPrometheus } from './support/prometheus-tools';
import { queryEventually, queryExemplarsEventually } from './support/prometheus-api';

const prometheusBinary = findBinary('prometheus');
if (!prometheusBinary) warnMissing('prometheus');
const withPrometheus = prometheusBinary ? describe : describe.skip;

const SLOW_TRACE = '0af7651916cd43dd8448eb211c80319c';
const SLOW_SPAN = 'b7ad6b7169203331';

/** A reader whose only data is a producer's counter and histogram with exemplars stamped `now`. */
async function readerWithExemplars(now: HrTime) {
  const at = { at: now };
  const producer: MetricProducer = {
    collect: async () => ({
      resourceMetrics: resourceMetrics([
        {
          name: 'e2e',
          metrics: [
            withExemplars(sum('orders', [[{ shop: 'a' }, 3]]), [exemplar(1, { 'user.id': 'u-7' }, at)]),
            withExemplars(histogram('checkout.duration', [[{}, { buckets: { boundaries: [0.1, 1], counts: [1, 0, 1] }, sum: 2.55, count: 2 }]], { unit: 's' }), [
              exemplar(0.05, {}, at),
              { ...exemplar(2.5, {}, at), traceId: SLOW_TRACE, spanId: SLOW_SPAN },
            ]),
          ],
        },
      ]),
      errors: [],
    }),
  };
  const reader = new PrometheusReader({ preventServerStart: true, metricProducers: [producer] });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'exemplars' }), readers: [reader] });
  // Served through an app server, to see which format each scrape got.
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const writeHead = res.writeHead.bind(res) as (status: number, headers: Record<string, string | number>) => typeof res;
    // The handler passes its headers to writeHead; keep the Content-Type it chose.
    res.writeHead = ((status: number, headers: Record<string, string | number>) => {
      contentTypes.push(String(headers['Content-Type']));
      return writeHead(status, headers);
    }) as typeof res.writeHead;
    reader.getMetricsRequestHandler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { provider, port: (server.address() as AddressInfo).port, contentTypes, close };
}

withPrometheus.each([
  { format: 'OpenMetrics', features: 'exemplar-storage', contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8' },
  { format: 'protobuf', features: 'exemplar-storage,native-histograms', contentType: PROTOBUF_CONTENT_TYPE },
])('prometheus --enable-feature=$features: exemplars over $format', ({ features, contentType }) => {
  let prometheus: RunningPrometheus | undefined;
  let ctx: Awaited<ReturnType<typeof readerWithExemplars>> | undefined;
  const millis = Date.now();
  const now: HrTime = [Math.floor(millis / 1000), (millis % 1000) * 1e6 + 123_456];

  beforeAll(async () => {
    ctx = await readerWithExemplars(now);
    prometheus = await startPrometheus(prometheusBinary!, [{ job: 'app', target: `127.0.0.1:${ctx.port}`, path: '/metrics' }], [`--enable-feature=${features}`]);
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await ctx?.close();
    await ctx?.provider.shutdown();
  });

  test('the counter exemplar comes back with its trace id, span id, filtered attribute, value and timestamp', async () => {
    const p = prometheus!;
    await queryEventually(p, 'up{job="app"} == 1');
    expect(ctx!.contentTypes[0]).toBe(contentType);
    const [series] = await queryExemplarsEventually(p, 'orders_total');
    expect(series!.seriesLabels).toMatchObject({ __name__: 'orders_total', shop: 'a', job: 'app' });
    expect(series!.exemplars).toEqual([{ labels: { trace_id: TRACE_ID, span_id: SPAN_ID, user_id: 'u-7' }, value: '1', timestamp: expect.any(Number) }]);
    // Prometheus keeps exemplar times in milliseconds.
    expect(Math.round(series!.exemplars[0]!.timestamp * 1000)).toBe(now[0] * 1000 + Math.floor(now[1] / 1e6));
  }, 40_000);

  test('the slow exemplar is on the +Inf bucket, the fast one on le=0.1 and carried to le=1', async () => {
    const p = prometheus!;
    const series = await queryExemplarsEventually(p, 'checkout_duration_seconds_bucket', 3);
    const byLe = Object.fromEntries(series.map((s) => [s.seriesLabels.le, s.exemplars.map((e) => [e.labels.trace_id, e.value])]));
    expect(byLe).toEqual({
      '0.1': [[TRACE_ID, '0.05']],
      '1.0': [[TRACE_ID, '0.05']],
      '+Inf': [[SLOW_TRACE, '2.5']],
    });
  }, 40_000);
});
