// Exemplars from REAL spans, end to end: measurements recorded inside spans of
// @opentelemetry/sdk-trace-base (active through @opentelemetry/context-async-hooks) come out of
// the reader's OpenMetrics exposition with those spans' ids, and a real Prometheus with exemplar
// storage, scraping the reader, returns them from /api/v1/query_exemplars.
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { emptyResource } from '@opentelemetry/resources';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '../src';
import { OPENMETRICS_ACCEPT } from './support/http';
import { queryEventually, queryExemplarsEventually } from './support/prometheus-api';
import { findBinary, startPrometheus, warnMissing, type RunningPrometheus } from './support/prometheus-tools';

const prometheusBinary = findBinary('prometheus');
if (!prometheusBinary) warnMissing('prometheus');
const withPrometheus = prometheusBinary ? describe : describe.skip;

const contextManager = new AsyncLocalStorageContextManager();
const tracer: Tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('exemplars-e2e');

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

interface Ids {
  traceId: string;
  spanId: string;
}

/** Runs `fn` inside a new sampled span; returns the span's ids. */
function inSpan(fn: () => void): Ids {
  const span = tracer.startSpan('request');
  context.with(trace.setSpan(context.active(), span), fn);
  span.end();
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** A provider with the default exemplar filter (trace_based), a counter and a histogram recorded inside spans. */
function recordInSpans(reader: PrometheusReader) {
  const provider = new MeterProvider({ resource: emptyResource(), readers: [reader] });
  const meter = provider.getMeter('shop', '1.0.0');
  const orders = meter.createCounter('orders');
  const latency = meter.createHistogram('checkout.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } });
  const order = inSpan(() => orders.add(1, { shop: 'a' }));
  const fast = inSpan(() => latency.record(0.05));
  const slow = inSpan(() => latency.record(2.5));
  // Outside any span: counted, but no exemplar (trace_based).
  latency.record(0.5);
  return { provider, order, fast, slow };
}

test('the OpenMetrics exposition carries the ids of the spans the measurements were recorded in', async () => {
  const reader = new PrometheusReader({ preventServerStart: true, withoutTargetInfo: true, withoutScopeInfo: true });
  const { provider, order, fast, slow } = recordInSpans(reader);
  try {
    const { body } = await reader.getMetrics({ accept: OPENMETRICS_ACCEPT });
    const ids = ({ traceId, spanId }: Ids) => `trace_id="${traceId}",span_id="${spanId}"`;
    const withExemplar = body.split('\n').filter((line) => line.includes(' # {'));
    expect(withExemplar).toEqual([
      expect.stringMatching(new RegExp(`^orders_total\\{shop="a"\\} 1 # \\{${ids(order)}\\} 1 \\d+(\\.\\d+)?$`)),
      expect.stringMatching(new RegExp(`^checkout_duration_seconds_bucket\\{le="0\\.1"\\} 1 # \\{${ids(fast)}\\} 0\\.05 `)),
      // le=1 holds 0.5 too, recorded outside a span: no exemplar of its own, the one from below.
      expect.stringMatching(new RegExp(`^checkout_duration_seconds_bucket\\{le="1\\.0"\\} 2 # \\{${ids(fast)}\\} 0\\.05 `)),
      expect.stringMatching(new RegExp(`^checkout_duration_seconds_bucket\\{le="\\+Inf"\\} 3 # \\{${ids(slow)}\\} 2\\.5 `)),
    ]);
  } finally {
    await provider.shutdown();
  }
});

withPrometheus('prometheus --enable-feature=exemplar-storage scraping exemplars recorded in real spans', () => {
  let prometheus: RunningPrometheus | undefined;
  let recorded: ReturnType<typeof recordInSpans> | undefined;

  beforeAll(async () => {
    const reader = new PrometheusReader({ host: '127.0.0.1', port: 0 });
    recorded = recordInSpans(reader);
    const { port } = await reader.ready;
    prometheus = await startPrometheus(prometheusBinary!, [{ job: 'shop', target: `127.0.0.1:${port}`, path: '/metrics' }], ['--enable-feature=exemplar-storage']);
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await recorded?.provider.shutdown();
  });

  test('query_exemplars returns the trace id of the span behind the counter and behind the slowest bucket', async () => {
    const p = prometheus!;
    await queryEventually(p, 'up{job="shop"} == 1');
    const [orders] = await queryExemplarsEventually(p, 'orders_total');
    expect(orders!.exemplars.map((e) => e.labels)).toEqual([{ trace_id: recorded!.order.traceId, span_id: recorded!.order.spanId }]);
    const [slowest] = await queryExemplarsEventually(p, 'checkout_duration_seconds_bucket{le="+Inf"}');
    expect(slowest!.exemplars.map((e) => [e.labels.trace_id, e.value])).toEqual([[recorded!.slow.traceId, '2.5']]);
  }, 40_000);
});
