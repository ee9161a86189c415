// Serving a prom-client 15 registry and meterkit on one endpoint, for step-by-step migration.
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import { filterPromClientExposition } from '../src/prom-client-merge';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { httpGet, OPENMETRICS_ACCEPT } from './support/http';
import { startReader } from './support/provider';
import type { MetricProducer } from '@meterkit/sdk-metrics-core';
import { exemplar, resourceMetrics, SPAN_ID, sum, TRACE_ID, withExemplars } from './support/data';
import { findBinary, promtoolCheckMetrics, promtoolParseOpenMetrics } from './support/prometheus-tools';

type Ctx = Awaited<ReturnType<typeof startReader>>;
let ctx: Ctx | undefined;
let diagCapture: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagCapture = captureDiag();
});
afterEach(async () => {
  await ctx?.provider.shutdown();
  ctx = undefined;
  diagCapture.restore();
});

test('meterkit output followed by the registry; a family both define is served from meterkit, with one warning', async () => {
  const registry = new Registry();
  new Counter({ name: 'orders_total', help: 'Orders (prom-client)', registers: [registry] }).inc(99);
  new Gauge({ name: 'legacy_queue_depth', help: 'Queue depth', registers: [registry], labelNames: ['queue'] }).set({ queue: 'a' }, 5);
  new Histogram({ name: 'legacy_latency_seconds', help: 'Latency', buckets: [1], registers: [registry] }).observe(0.5);

  ctx = await startReader({ mergeWithPromClient: registry, withoutScopeInfo: true });
  ctx.meter.createCounter('orders', { description: 'Orders (meterkit)' }).add(3);

  const expected =
    '# HELP orders_total Orders (meterkit)\n' +
    '# TYPE orders_total counter\n' +
    'orders_total 3\n' +
    '# HELP legacy_queue_depth Queue depth\n' +
    '# TYPE legacy_queue_depth gauge\n' +
    'legacy_queue_depth{queue="a"} 5\n' +
    '# HELP legacy_latency_seconds Latency\n' +
    '# TYPE legacy_latency_seconds histogram\n' +
    'legacy_latency_seconds_bucket{le="1"} 1\n' +
    'legacy_latency_seconds_bucket{le="+Inf"} 1\n' +
    'legacy_latency_seconds_sum 0.5\n' +
    'legacy_latency_seconds_count 1\n';
  const first = await httpGet(ctx.url);
  expect(first.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(first.body).toBe(expected);
  expect((await httpGet(ctx.url)).body).toBe(expected);
  expect(diagCapture.warnings()).toEqual([expect.stringMatching(/prom-client metric "orders_total" has the name of a meterkit metric/)]);

  const promtool = findBinary('promtool');
  if (promtool) expect(promtoolCheckMetrics(promtool, first.body)).toMatchObject({ code: 0, stdout: '' });
});

test('a 0.0.4 registry fixes the format even when the scraper prefers OpenMetrics', async () => {
  const registry = new Registry();
  new Gauge({ name: 'legacy', help: 'h', registers: [registry] }).set(1);
  ctx = await startReader({ mergeWithPromClient: registry, withoutScopeInfo: true });
  const res = await httpGet(ctx.url, { accept: OPENMETRICS_ACCEPT });
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(res.body).toBe('# HELP legacy h\n# TYPE legacy gauge\nlegacy 1\n');
});

test('an OpenMetrics registry: one # EOF at the very end, duplicates by family name dropped', async () => {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  new Counter({ name: 'orders_total', help: 'Orders (prom-client)', registers: [registry] }).inc(99);
  new Gauge({ name: 'legacy', help: 'h', registers: [registry] }).set(1);
  ctx = await startReader({ mergeWithPromClient: registry, withoutScopeInfo: true });
  ctx.meter.createCounter('orders').add(3);
  const res = await httpGet(ctx.url);
  expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  expect(res.body.replace(/orders_created \S+/, 'orders_created <t>')).toBe(
    '# TYPE orders counter\norders_total 3\norders_created <t>\n# HELP legacy h\n# TYPE legacy gauge\nlegacy 1\n# EOF\n',
  );
});

test('a failing registry: meterkit metrics are still served, the error goes to diag', async () => {
  const registry = { contentType: 'text/plain; version=0.0.4; charset=utf-8', metrics: () => Promise.reject(new Error('collect failed')) };
  ctx = await startReader({ mergeWithPromClient: registry, withoutScopeInfo: true });
  ctx.meter.createGauge('g').record(1);
  const res = await httpGet(ctx.url);
  expect(res.status).toBe(200);
  expect(res.body).toBe('# TYPE g gauge\ng 1\n');
  expect(diagCapture.errors().join()).toMatch(/prom-client registry failed/);
});

test('filtering also catches a collision on a sample name and untyped samples', () => {
  const dropped: string[] = [];
  const text = '# TYPE x_bucket gauge\nx_bucket 1\nuntyped_thing{a="b"} 2\n# HELP keep k\n# TYPE keep gauge\nkeep 3\n';
  expect(filterPromClientExposition(text, new Set(['x', 'x_bucket', 'x_count']), (f) => dropped.push(f))).toBe(
    'untyped_thing{a="b"} 2\n# HELP keep k\n# TYPE keep gauge\nkeep 3\n',
  );
  expect(dropped).toEqual(['x_bucket']);
});

test('exemplars on both sides of an OpenMetrics merge are kept, and the merged exposition parses', async () => {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  new Counter({ name: 'legacy_orders_total', help: 'Orders (prom-client)', registers: [registry], enableExemplars: true }).inc({
    value: 2,
    labels: {},
    exemplarLabels: { traceId: 'legacy-trace' },
  });
  // meterkit's side: a producer's counter point with an exemplar (no span needed for the format).
  const producer: MetricProducer = {
    collect: async () => ({
      resourceMetrics: resourceMetrics([{ name: 'bridge', metrics: [withExemplars(sum('orders', [[{}, 3]]), [exemplar(3)])] }]),
      errors: [],
    }),
  };
  ctx = await startReader({ mergeWithPromClient: registry, withoutScopeInfo: true, metricProducers: [producer] });
  const res = await httpGet(ctx.url);
  expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  const samples = res.body.split('\n').filter((line) => line.includes(' # {'));
  expect(samples).toEqual([
    `orders_total 3 # {trace_id="${TRACE_ID}",span_id="${SPAN_ID}"} 3 1700000005.25`,
    expect.stringMatching(/^legacy_orders_total 2 # \{traceId="legacy-trace"\} 2 \d+(\.\d+)?$/),
  ]);
  const promtool = findBinary('promtool');
  if (promtool) expect(promtoolParseOpenMetrics(promtool, res.body)).toMatchObject({ code: 0, stderr: '' });
});
