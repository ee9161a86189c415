// Exemplars end to end in the core, with REAL spans: @opentelemetry/sdk-trace-base makes and
// samples them, @opentelemetry/context-async-hooks makes them active. What is checked is what
// a collection exports: which measurements became exemplars, with which ids, time and
// filtered attributes, on which point, and when reservoirs reset.
import { context, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { hrTime } from '@opentelemetry/core';
import {
  AggregationType,
  bind,
  createAllowListAttributesProcessor,
  MeterProvider,
  simpleFixedSizeExemplarReservoir,
  alignedHistogramBucketExemplarReservoir,
  type AggregationOption,
  type AttributesProcessor,
  type DataPoint,
  type Exemplar,
  type ExemplarReservoirFactory,
  type Histogram,
  type MeterProviderOptions,
  type MetricData,
  type View,
} from '../src';
import { captureDiag, CUMULATIVE, DELTA, hrToNanos, TestReader } from './helpers';

const contextManager = new AsyncLocalStorageContextManager();
const sampledTracer: Tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('exemplar-test');
const unsampledTracer: Tracer = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('exemplar-test');

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

/** Runs `fn` with a new span of `tracer` active; returns the span's ids. */
function inSpan(tracer: Tracer, fn: (span: Span) => void): { traceId: string; spanId: string } {
  const span = tracer.startSpan('op');
  context.with(trace.setSpan(context.active(), span), () => fn(span));
  span.end();
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

interface ViewSpec {
  instrumentName: string;
  attributesProcessor?: AttributesProcessor;
  aggregation?: AggregationOption;
  exemplarReservoir?: ExemplarReservoirFactory;
}
function view(spec: ViewSpec): View {
  const { instrumentName, ...rest } = spec;
  return { matches: (instrument) => instrument.name === instrumentName, ...rest };
}

function setup(options: { temporality?: typeof DELTA | typeof CUMULATIVE } & Omit<MeterProviderOptions, 'readers'> = {}) {
  const { temporality = CUMULATIVE, ...providerOptions } = options;
  const reader = new TestReader({ temporality });
  const provider = new MeterProvider({ ...providerOptions, readers: [reader] });
  return { reader, provider, meter: provider.getMeter('exemplars') };
}

function onlyPoint(metric: MetricData | undefined): DataPoint<unknown> {
  expect(metric).toBeDefined();
  expect(metric!.dataPoints).toHaveLength(1);
  return metric!.dataPoints[0] as DataPoint<unknown>;
}

function pointWith(metric: MetricData | undefined, attributes: Attributes): DataPoint<unknown> {
  const found = (metric?.dataPoints as DataPoint<unknown>[] | undefined)?.find((p) => JSON.stringify(p.attributes) === JSON.stringify(attributes));
  expect(found).toBeDefined();
  return found!;
}

describe('trace_based filter (the default)', () => {
  it('gives a measurement recorded in a sampled span an exemplar with that span\'s ids, value and time', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('requests');
    const before = hrToNanos(hrTime());
    const ids = inSpan(sampledTracer, () => counter.add(3, { route: '/a' }));
    const after = hrToNanos(hrTime());
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.exemplars).toHaveLength(1);
    const exemplar = point.exemplars![0];
    expect(exemplar).toMatchObject({ value: 3, traceId: ids.traceId, spanId: ids.spanId, filteredAttributes: {} });
    expect(exemplar.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(exemplar.spanId).toMatch(/^[0-9a-f]{16}$/);
    const at = hrToNanos(exemplar.timestamp as [number, number]);
    expect(at >= before && at <= after).toBe(true);
  });

  it('uses the context passed to add() over the active one', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('requests');
    const span = sampledTracer.startSpan('explicit');
    const passed: Context = trace.setSpan(context.active(), span);
    counter.add(1, {}, passed); // no span active, the passed context has one
    span.end();
    const exemplars = onlyPoint(await reader.metric('requests')).exemplars!;
    expect(exemplars.map((e) => e.spanId)).toEqual([span.spanContext().spanId]);
  });

  it('records no exemplar outside spans or in an unsampled span, but still aggregates', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('requests');
    counter.add(1);
    inSpan(unsampledTracer, () => counter.add(2));
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.value).toBe(3);
    expect(point.exemplars).toEqual([]);
  });

  it('keeps one exemplar per series by default for sums (the simple reservoir of size 1)', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('requests');
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(inSpan(sampledTracer, () => counter.add(1, { route: i % 2 === 0 ? '/even' : '/odd' })).spanId);
    const metric = await reader.metric('requests');
    for (const route of ['/even', '/odd']) {
      const exemplars = pointWith(metric, { route }).exemplars!;
      expect(exemplars).toHaveLength(1);
      expect(ids.has(exemplars[0].spanId!)).toBe(true);
    }
  });
});

describe('context managers coming and going', () => {
  it('follows the registered context manager: none (no span can be active), then a new one', async () => {
    const { reader, meter } = setup({ temporality: DELTA });
    const counter = meter.createCounter('requests');
    inSpan(sampledTracer, () => counter.add(1)); // the suite's manager
    expect(onlyPoint(await reader.metric('requests')).exemplars).toHaveLength(1);
    context.disable();
    try {
      inSpan(sampledTracer, () => counter.add(1)); // context.with cannot activate anything now
      expect(onlyPoint(await reader.metric('requests')).exemplars).toEqual([]);
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      const ids = inSpan(sampledTracer, () => counter.add(1));
      expect(onlyPoint(await reader.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([ids.spanId]);
    } finally {
      context.disable();
      context.setGlobalContextManager(contextManager);
    }
  });
});

describe('always_on and always_off', () => {
  it('always_on: a measurement without any span becomes an exemplar without ids', async () => {
    const { reader, meter } = setup({ exemplarFilter: 'always_on' });
    meter.createUpDownCounter('queue').add(-4, { q: 'x' });
    const [exemplar] = onlyPoint(await reader.metric('queue')).exemplars!;
    expect(exemplar.value).toBe(-4);
    expect(exemplar.filteredAttributes).toEqual({});
    expect('traceId' in exemplar).toBe(false);
    expect('spanId' in exemplar).toBe(false);
  });

  it('always_on: an unsampled (but valid) span still gives its ids', async () => {
    const { reader, meter } = setup({ exemplarFilter: 'always_on' });
    const gauge = meter.createGauge('temperature');
    const ids = inSpan(unsampledTracer, () => gauge.record(21.5));
    const [exemplar] = onlyPoint(await reader.metric('temperature')).exemplars!;
    expect(exemplar).toMatchObject({ value: 21.5, traceId: ids.traceId, spanId: ids.spanId });
  });

  it('always_off: no exemplars even in a sampled span', async () => {
    const { reader, meter } = setup({ exemplarFilter: 'always_off' });
    const counter = meter.createCounter('requests');
    inSpan(sampledTracer, () => counter.add(1));
    expect(onlyPoint(await reader.metric('requests')).exemplars).toEqual([]);
  });

  it('a wrong exemplarFilter option in code throws; OTEL_METRICS_EXEMPLAR_FILTER picks the filter, a bad value warns and falls back', async () => {
    expect(() => new MeterProvider({ exemplarFilter: 'sometimes' as never })).toThrow(/exemplarFilter.*'always_on', 'always_off' or 'trace_based'/);
    const saved = process.env.OTEL_METRICS_EXEMPLAR_FILTER;
    try {
      process.env.OTEL_METRICS_EXEMPLAR_FILTER = 'ALWAYS_ON';
      let { reader, meter } = setup();
      meter.createCounter('c').add(1);
      expect(onlyPoint(await reader.metric('c')).exemplars).toHaveLength(1);

      process.env.OTEL_METRICS_EXEMPLAR_FILTER = 'sometimes';
      const diag = captureDiag();
      try {
        ({ reader, meter } = setup());
      } finally {
        diag.restore();
      }
      expect(diag.warnings().join('\n')).toMatch(/OTEL_METRICS_EXEMPLAR_FILTER="sometimes".*trace_based/);
      const c = meter.createCounter('c');
      c.add(1); // trace_based: no span, no exemplar
      inSpan(sampledTracer, () => c.add(1));
      expect(onlyPoint(await reader.metric('c')).exemplars).toHaveLength(1);

      // An option in code wins over the environment.
      process.env.OTEL_METRICS_EXEMPLAR_FILTER = 'always_on';
      ({ reader, meter } = setup({ exemplarFilter: 'always_off' }));
      meter.createCounter('c').add(1);
      expect(onlyPoint(await reader.metric('c')).exemplars).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.OTEL_METRICS_EXEMPLAR_FILTER;
      else process.env.OTEL_METRICS_EXEMPLAR_FILTER = saved;
    }
  });
});

describe('filtered attributes', () => {
  it('an exemplar carries exactly the attributes the view removed from its point', async () => {
    const { reader, meter } = setup({
      views: [view({ instrumentName: 'requests', attributesProcessor: createAllowListAttributesProcessor(['route']) })],
    });
    const counter = meter.createCounter('requests');
    const measured = { route: '/a', user: 'u-17', region: 'eu' };
    inSpan(sampledTracer, () => counter.add(1, measured));
    measured.user = 'mutated later'; // the exemplar keeps what was recorded
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.attributes).toEqual({ route: '/a' });
    expect(point.exemplars![0].filteredAttributes).toEqual({ user: 'u-17', region: 'eu' });
    expect({ ...point.attributes, ...point.exemplars![0].filteredAttributes }).toEqual({ route: '/a', user: 'u-17', region: 'eu' });
  });
});

describe('histograms', () => {
  it('the default reservoir of an explicit bucket histogram keeps the last exemplar of each bucket', async () => {
    const { reader, meter } = setup({
      views: [view({ instrumentName: 'latency', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [10, 100] } } })],
    });
    const latency = meter.createHistogram('latency');
    const spans: Record<number, string> = {};
    for (const v of [5, 7, 50, 500, 10, 1000]) spans[v] = inSpan(sampledTracer, () => latency.record(v)).spanId;
    const point = onlyPoint(await reader.metric('latency')) as DataPoint<Histogram>;
    expect(point.value.buckets.counts).toEqual([3, 1, 2]);
    // Bucket 0 = (-inf, 10]: 5, 7, 10 (last: 10); bucket 1 = (10, 100]: 50; bucket 2: 500, 1000 (last: 1000).
    expect(point.exemplars!.map((e) => [e.value, e.spanId])).toEqual([
      [10, spans[10]],
      [50, spans[50]],
      [1000, spans[1000]],
    ]);
  });

  it('exponential histograms keep up to min(20, maxSize) exemplars', async () => {
    const { reader, meter } = setup({
      exemplarFilter: 'always_on',
      views: [
        view({ instrumentName: 'small', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 4 } } }),
        view({ instrumentName: 'large', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }),
      ],
    });
    const small = meter.createHistogram('small');
    const large = meter.createHistogram('large');
    for (let i = 1; i <= 100; i++) {
      small.record(i);
      large.record(i);
    }
    expect(onlyPoint(await reader.metric('small')).exemplars).toHaveLength(4);
    const exemplars = onlyPoint(await reader.metric('large')).exemplars!;
    expect(exemplars).toHaveLength(20);
    // Reservoir sampling keeps measurements that were offered, each once.
    const values = exemplars.map((e) => e.value);
    expect(new Set(values).size).toBe(20);
    for (const v of values) expect(v >= 1 && v <= 100).toBe(true);
  });
});

describe('reset per collection', () => {
  it('delta: each point carries only the exemplars of its interval', async () => {
    const { reader, meter } = setup({ temporality: DELTA });
    const counter = meter.createCounter('requests');
    const first = inSpan(sampledTracer, () => counter.add(1));
    expect(onlyPoint(await reader.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([first.spanId]);
    counter.add(1); // no span: aggregated, no exemplar
    expect(onlyPoint(await reader.metric('requests')).exemplars).toEqual([]);
    const third = inSpan(sampledTracer, () => counter.add(1));
    expect(onlyPoint(await reader.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([third.spanId]);
  });

  it('cumulative: new exemplars replace the old ones; without new ones the last are reported again', async () => {
    const { reader, meter } = setup({ temporality: CUMULATIVE });
    const counter = meter.createCounter('requests');
    const first = inSpan(sampledTracer, () => counter.add(1));
    expect(onlyPoint(await reader.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([first.spanId]);
    counter.add(1);
    expect(onlyPoint(await reader.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([first.spanId]);
    const third = inSpan(sampledTracer, () => counter.add(1));
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.value).toBe(3);
    expect(point.exemplars!.map((e) => e.spanId)).toEqual([third.spanId]);
  });

  it('cumulative readers sharing one accumulator both see the newest exemplars', async () => {
    const a = new TestReader({ temporality: CUMULATIVE });
    const b = new TestReader({ temporality: CUMULATIVE });
    const meter = new MeterProvider({ readers: [a, b] }).getMeter('m');
    const counter = meter.createCounter('requests');
    const ids = inSpan(sampledTracer, () => counter.add(1));
    expect(onlyPoint(await a.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([ids.spanId]);
    expect(onlyPoint(await b.metric('requests')).exemplars!.map((e) => e.spanId)).toEqual([ids.spanId]);
  });
});

describe('bound handles', () => {
  it('measurements through bind() are exemplar candidates, with the bound attributes and the span of the call', async () => {
    const { reader, meter } = setup({
      views: [view({ instrumentName: 'requests', attributesProcessor: createAllowListAttributesProcessor(['route']) })],
    });
    const handle = bind(meter.createCounter('requests'), { route: '/a', user: 'u-1' });
    handle.add(1); // no span
    const ids = inSpan(sampledTracer, () => handle.add(2));
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.value).toBe(3);
    expect(point.exemplars).toEqual([
      { value: 2, timestamp: expect.any(Array), traceId: ids.traceId, spanId: ids.spanId, filteredAttributes: { user: 'u-1' } },
    ]);
  });

  it('a bound histogram takes an explicit context', async () => {
    const { reader, meter } = setup({ temporality: DELTA });
    const handle = bind(meter.createHistogram('latency'), { op: 'read' });
    const span = sampledTracer.startSpan('explicit');
    handle.record(12, trace.setSpan(context.active(), span));
    span.end();
    const exemplars = onlyPoint(await reader.metric('latency')).exemplars!;
    expect(exemplars.map((e) => [e.value, e.spanId])).toEqual([[12, span.spanContext().spanId]]);
  });
});

describe('custom reservoirs', () => {
  it('a view can choose the reservoir; a custom one gets the full measurement and the series attributes', async () => {
    const offered: Array<{ value: number; attributes: Attributes; point: Attributes }> = [];
    const custom: ExemplarReservoirFactory = (ctx) => ({
      offer: (value, timestamp, attributes) => {
        offered.push({ value, attributes: { ...attributes }, point: ctx.pointAttributes });
      },
      collect: (): Exemplar[] => offered.splice(0).map((o) => ({ value: o.value * 10, timestamp: hrTime(), filteredAttributes: {} })),
    });
    const { reader, meter } = setup({
      exemplarFilter: 'always_on',
      views: [
        view({ instrumentName: 'custom', exemplarReservoir: custom, attributesProcessor: createAllowListAttributesProcessor(['a']) }),
        view({ instrumentName: 'four', exemplarReservoir: simpleFixedSizeExemplarReservoir(4) }),
        view({ instrumentName: 'aligned', exemplarReservoir: alignedHistogramBucketExemplarReservoir([0]) }),
      ],
    });
    meter.createCounter('custom').add(2, { a: 1, b: 2 });
    expect(offered).toEqual([{ value: 2, attributes: { a: 1, b: 2 }, point: { a: 1 } }]);
    expect(onlyPoint(await reader.metric('custom')).exemplars!.map((e) => e.value)).toEqual([20]);

    const four = meter.createCounter('four');
    for (let i = 0; i < 10; i++) four.add(i);
    expect(onlyPoint(await reader.metric('four')).exemplars).toHaveLength(4);

    const aligned = meter.createUpDownCounter('aligned'); // aligned to [0] on a sum: two slots
    for (const v of [-3, -1, 2, 5]) aligned.add(v);
    expect(onlyPoint(await reader.metric('aligned')).exemplars!.map((e) => e.value)).toEqual([-1, 5]);
  });

  it('a throwing reservoir or factory loses exemplars only: recording and collection go on, one diag warning', async () => {
    const throwing: ExemplarReservoirFactory = () => ({
      offer: () => {
        throw new Error('offer broke');
      },
      collect: () => {
        throw new Error('collect broke');
      },
    });
    const { reader, meter } = setup({
      exemplarFilter: 'always_on',
      views: [
        view({ instrumentName: 'a', exemplarReservoir: throwing }),
        view({
          instrumentName: 'b',
          exemplarReservoir: () => {
            throw new Error('factory broke');
          },
        }),
        view({ instrumentName: 'c', exemplarReservoir: () => ({ offer() {}, collect: () => [{ nonsense: true }] as never }) }),
      ],
    });
    const diag = captureDiag();
    try {
      for (const name of ['a', 'b', 'c']) {
        const counter = meter.createCounter(name);
        expect(() => counter.add(1)).not.toThrow();
        expect(() => counter.add(1)).not.toThrow();
      }
      for (const name of ['a', 'b', 'c']) {
        const point = onlyPoint(await reader.metric(name));
        expect(point.value).toBe(2);
        expect(point.exemplars).toEqual([]);
      }
    } finally {
      diag.restore();
    }
    const warnings = diag.warnings().join('\n');
    expect(warnings).toMatch(/"a": exemplar reservoir threw on offer \(offer broke\)/);
    expect(warnings).toMatch(/"b": exemplar reservoir threw on offer \(factory broke\)/);
    expect(warnings).toMatch(/"c": the exemplar reservoir returned 1 malformed exemplar/);
  });
});

describe('bounded memory', () => {
  it('exemplars per point never exceed the reservoir size, and delta streams keep no reservoir across collections', async () => {
    const { reader, meter } = setup({ temporality: DELTA, exemplarFilter: 'always_on' });
    const counter = meter.createCounter('requests');
    const histogram = meter.createHistogram('latency');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) {
        counter.add(1, { shard: i % 10 });
        histogram.record(i % 3000);
      }
      const metrics = await reader.metrics();
      const sum = metrics.find((m) => m.descriptor.name === 'requests')!;
      expect(sum.dataPoints).toHaveLength(10);
      for (const p of sum.dataPoints) expect(p.exemplars).toHaveLength(1);
      const hist = metrics.find((m) => m.descriptor.name === 'latency')!;
      const point = hist.dataPoints[0] as DataPoint<Histogram>;
      // At most one per bucket (16 buckets by default), one per non-empty bucket here.
      expect(point.exemplars!.length).toBe(point.value.buckets.counts.filter((c) => c > 0).length);
    }
    // Nothing recorded since: no points, nothing kept.
    expect(await reader.metrics()).toEqual([]);
  });

  it('delta: a series of a new interval never inherits the reservoir of a forgotten one (whose state object it may reuse)', async () => {
    const { reader, meter } = setup({ temporality: DELTA, exemplarFilter: 'always_on' });
    const counter = meter.createCounter('requests');
    counter.add(1, { a: 1 });
    expect(onlyPoint(await reader.metric('requests')).exemplars![0].filteredAttributes).toEqual({});
    counter.add(1, { b: 1 });
    const point = onlyPoint(await reader.metric('requests'));
    expect(point.attributes).toEqual({ b: 1 });
    expect(point.exemplars![0].filteredAttributes).toEqual({});
  });
});

describe('asynchronous instruments', () => {
  it('observations carry no exemplars (they are made by a callback at collection time, in no span)', async () => {
    const { reader, meter } = setup({ exemplarFilter: 'always_on' });
    meter.createObservableGauge('g').addCallback((r) => {
      inSpan(sampledTracer, () => r.observe(1));
    });
    expect(onlyPoint(await reader.metric('g')).exemplars).toEqual([]);
  });
});
