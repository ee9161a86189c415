// Exemplars in the exposition, on hand-built data with the exact text: which sample gets which
// exemplar (specification, "Prometheus and OpenMetrics compatibility", Exemplars), the label
// set within OpenMetrics' 128-character limit, the formats that carry none, the protobuf
// fields, malformed exemplars from foreign producers, and the delta-to-cumulative path.
import { emptyResource } from '@opentelemetry/resources';
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, MeterProvider, type Exemplar, type MetricData, type MetricProducer, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { PrometheusReader, PrometheusSerializer } from '../src';
import { DeltaToCumulative } from '../src/delta-to-cumulative';
import { EXEMPLAR_LABEL_SET_LIMIT, exemplarLabels } from '../src/exemplars';
import { formatTimestamp } from '../src/exemplar-text';
import { WarnOnce } from '../src/warn-once';
import { exemplar, exponentialHistogram, gauge, histogram, resourceMetrics, SPAN_ID, sum, TRACE_ID, withExemplars } from './support/data';
import { decodeMetricFamilies } from './support/prom-proto';
import { findBinary, promtoolParseOpenMetrics } from './support/prometheus-tools';

const SCOPE = { name: 'lib', version: '1.0.0' };
const S = 'otel_scope_name="lib",otel_scope_version="1.0.0"';
const IDS = `trace_id="${TRACE_ID}",span_id="${SPAN_ID}"`;

function serialize(metrics: MetricData[], format: 'text' | 'openmetrics'): string {
  return new PrometheusSerializer().serialize(resourceMetrics([{ ...SCOPE, metrics }]), format).text;
}
const om = (metrics: MetricData[]) => serialize(metrics, 'openmetrics');
const text = (metrics: MetricData[]) => serialize(metrics, 'text');

const promtool = findBinary('promtool');

/** The exposition as a scraper gets it, checked by Prometheus' own OpenMetrics parser when promtool is installed. */
function expectParses(exposition: string): void {
  if (!promtool) return;
  const result = promtoolParseOpenMetrics(promtool, `${exposition}# EOF\n`);
  expect({ code: result.code, err: result.stderr }).toEqual({ code: 0, err: '' });
}

describe('counters', () => {
  const counter = () =>
    withExemplars(
      sum('http.requests', [[{ method: 'GET' }, 3]], { description: 'Requests' }),
      [exemplar(1, {}, { at: [1700000001, 0] }), exemplar(2, { user: 'u1' }), exemplar(0.5, {}, { at: [1700000002, 0] })],
    );

  test('OpenMetrics: the _total sample carries the latest exemplar with ids, filtered attributes and exact timestamp; _created none', () => {
    const exposition = om([counter()]);
    expect(exposition).toBe(
      '# HELP http_requests Requests\n' +
        '# TYPE http_requests counter\n' +
        `http_requests_total{method="GET",${S}} 3 # {${IDS},user="u1"} 2 1700000005.25\n` +
        `http_requests_created{method="GET",${S}} 1700000000.5\n`,
    );
    expectParses(exposition);
  });

  (promtool ? test : test.skip)('the parser check is real: promtool rejects an exemplar on _created and one without a value', () => {
    const reject = (line: string) => promtoolParseOpenMetrics(promtool!, `# TYPE c counter\n${line}\n# EOF\n`).code;
    expect(reject('c_created 1 # {a="b"} 1 1700000000')).not.toBe(0);
    expect(reject('c_total 1 # {trace_id="x"}')).not.toBe(0);
  });

  test('the 0.0.4 text format has no exemplars', () => {
    expect(text([counter()])).toBe('# HELP http_requests_total Requests\n# TYPE http_requests_total counter\n' + `http_requests_total{method="GET",${S}} 3\n`);
  });

  test('gauges and non-monotonic sums drop their exemplars (specification: MUST be dropped)', () => {
    const metrics = [
      withExemplars(gauge('temperature', [[{}, 21]]), [exemplar(21)]),
      withExemplars(sum('queue', [[{}, -1]], { monotonic: false }), [exemplar(-1)]),
    ];
    expect(om(metrics)).toBe(`# TYPE temperature gauge\ntemperature{${S}} 21\n# TYPE queue gauge\nqueue{${S}} -1\n`);
  });

  test('a point whose exemplar list is empty is written as before', () => {
    expect(om([withExemplars(sum('hits', [[{}, 1]]), [])])).toBe(`# TYPE hits counter\nhits_total{${S}} 1\nhits_created{${S}} 1700000000.5\n`);
  });
});

describe('histograms', () => {
  const latency = () =>
    withExemplars(
      histogram('latency', [[{ route: '/a' }, { buckets: { boundaries: [0.1, 0.5, 1, 2], counts: [1, 2, 0, 0, 1] }, sum: 3.75, count: 4 }]], { unit: 's' }),
      [
        exemplar(0.05, { user: 'low' }),
        exemplar(0.2, { user: 'mid' }),
        exemplar(0.5, { user: 'edge' }), // exactly on a bound: le is inclusive
        exemplar(3, { user: 'slow' }),
      ],
    );

  test('each bucket: the largest exemplar in its own range; a bucket without one: the highest from below', () => {
    const exposition = om([latency()]);
    const lines = exposition.split('\n').filter((line) => line.startsWith('latency_seconds_bucket'));
    expect(lines).toEqual([
      `latency_seconds_bucket{route="/a",${S},le="0.1"} 1 # {${IDS},user="low"} 0.05 1700000005.25`,
      `latency_seconds_bucket{route="/a",${S},le="0.5"} 3 # {${IDS},user="edge"} 0.5 1700000005.25`,
      `latency_seconds_bucket{route="/a",${S},le="1.0"} 3 # {${IDS},user="edge"} 0.5 1700000005.25`,
      `latency_seconds_bucket{route="/a",${S},le="2.0"} 3 # {${IDS},user="edge"} 0.5 1700000005.25`,
      `latency_seconds_bucket{route="/a",${S},le="+Inf"} 4 # {${IDS},user="slow"} 3 1700000005.25`,
    ]);
    // _sum, _count and _created never carry one.
    expect(exposition.split('\n').filter((line) => !line.startsWith('latency_seconds_bucket') && line.includes(' # '))).toEqual([]);
    expectParses(exposition);
  });

  test('buckets below the lowest exemplar get none', () => {
    const metric = withExemplars(histogram('h', [[{}, { buckets: { boundaries: [1, 10], counts: [4, 1, 0] }, sum: 9, count: 5 }]]), [exemplar(7, {}, { spanless: true })]);
    expect(om([metric]).split('\n').filter((line) => line.startsWith('h_bucket'))).toEqual([
      `h_bucket{${S},le="1.0"} 4`,
      `h_bucket{${S},le="10.0"} 5 # {} 7 1700000005.25`,
      `h_bucket{${S},le="+Inf"} 5 # {} 7 1700000005.25`,
    ]);
  });

  test('an exponential histogram converted to le buckets places exemplars on the converted buckets', () => {
    const metric = withExemplars(
      exponentialHistogram('payload', [
        [{}, { count: 2, sum: 4.5, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } }],
      ]),
      [exemplar(3, {}, { spanless: true })],
    );
    // Buckets (1, 2] and (2, 4]: the exemplar 3 lies in le=4.
    expect(om([metric]).split('\n').filter((line) => line.startsWith('payload_bucket'))).toEqual([
      `payload_bucket{${S},le="2.0"} 1`,
      `payload_bucket{${S},le="4.0"} 2 # {} 3 1700000005.25`,
      `payload_bucket{${S},le="+Inf"} 2 # {} 3 1700000005.25`,
    ]);
  });

  test('the 0.0.4 text format has none', () => {
    expect(text([latency()])).not.toContain('#  {');
    expect(text([latency()]).split('\n').some((line) => !line.startsWith('#') && line.includes('#'))).toBe(false);
  });
});

describe('the exemplar label set', () => {
  test('ids first, then the filtered attributes under their label names; colliding names are joined like series labels', () => {
    expect(exemplarLabels(exemplar(1, { 'http.route': '/a', 'a.b': 1, a_b: 2 }))).toEqual([
      ['trace_id', TRACE_ID],
      ['span_id', SPAN_ID],
      ['http_route', '/a'],
      ['a_b', '1;2'],
    ]);
  });

  test('an attribute that would take the name trace_id or span_id is left off when the exemplar has ids, kept when it has none', () => {
    expect(exemplarLabels(exemplar(1, { 'trace.id': 'x', span_id: 'y', k: 'v' }))).toEqual([
      ['trace_id', TRACE_ID],
      ['span_id', SPAN_ID],
      ['k', 'v'],
    ]);
    expect(exemplarLabels(exemplar(1, { 'trace.id': 'x' }, { spanless: true }))).toEqual([['trace_id', 'x']]);
  });

  test('at most 128 code points of names and values: attributes are added in order while they fit, the others left off', () => {
    // The ids take 8 + 32 + 7 + 16 = 63.
    const labels = exemplarLabels(exemplar(1, { a: 'x'.repeat(60), b: 'yy', c: 'zz', d: '' }));
    // a: 61 → 124; b: 3 → 127; c: 3 → 130, left off; d: 1 → 128, exactly the limit.
    expect(labels.map(([name]) => name)).toEqual(['trace_id', 'span_id', 'a', 'b', 'd']);
    expect(labels.reduce((n, [name, value]) => n + name.length + value.length, 0)).toBe(EXEMPLAR_LABEL_SET_LIMIT);
  });

  test('the limit counts code points, not UTF-16 units: 64 emoji fit beside the ids', () => {
    // 63 + 1 + 64 = 128 code points (but 192 UTF-16 units and 320 UTF-8 bytes).
    expect(exemplarLabels(exemplar(1, { e: '😀'.repeat(64) })).map(([name]) => name)).toEqual(['trace_id', 'span_id', 'e']);
    expect(exemplarLabels(exemplar(1, { e: '😀'.repeat(65) })).map(([name]) => name)).toEqual(['trace_id', 'span_id']);
  });

  test('a long attribute value over the limit does not hide a later short one; the output stays within the limit and parses', () => {
    const metric = withExemplars(sum('c', [[{}, 1]]), [exemplar(1, { long: 'v'.repeat(500), short: 's', quote: 'a"b\\c\nd' })]);
    const exposition = om([metric]);
    expect(exposition).toContain(` # {${IDS},short="s",quote="a\\"b\\\\c\\nd"} 1 1700000005.25\n`);
    expectParses(exposition);
  });

  test('uppercase ids are written lowercase', () => {
    expect(exemplarLabels({ ...exemplar(1), traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase() }).slice(0, 2)).toEqual([
      ['trace_id', TRACE_ID],
      ['span_id', SPAN_ID],
    ]);
  });
});

describe('malformed exemplars from a foreign producer never break the scrape', () => {
  test('non-finite values and invalid timestamps drop the exemplar; invalid ids are left off; odd attributes are skipped', () => {
    const throwing = Object.defineProperty({ ok: 'yes' }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const exemplars = [
      { ...exemplar(9), value: NaN },
      { ...exemplar(9), value: Infinity },
      { ...exemplar(9), value: '9' },
      { ...exemplar(9), timestamp: 'now' },
      { ...exemplar(9), timestamp: [1700000000, 1e9] },
      { ...exemplar(9), timestamp: [-1, 0] },
      null,
      7,
      { value: 2, timestamp: [1700000000, 0], traceId: 'zz', spanId: 'short', filteredAttributes: null },
      { value: 1, timestamp: [1699999999, 0], traceId: TRACE_ID, spanId: 'not-hex-not-hex!', filteredAttributes: throwing },
    ] as unknown as Exemplar[];
    const counter = withExemplars(sum('c', [[{}, 1]]), exemplars);
    const bucketed = withExemplars(histogram('h', [[{}, { buckets: { boundaries: [1], counts: [1, 1] }, sum: 2.5, count: 2 }]]), exemplars);
    const exposition = om([counter, bucketed]);
    expect(exposition.split('\n').filter((line) => line.includes(' # '))).toEqual([
      `c_total{${S}} 1 # {} 2 1700000000`,
      `h_bucket{${S},le="1.0"} 1 # {ok="yes"} 1 1699999999`,
      `h_bucket{${S},le="+Inf"} 2 # {} 2 1700000000`,
    ]);
    expectParses(exposition);
    const decoded = decodeMetricFamilies(new PrometheusSerializer().serializeProtobuf(resourceMetrics([{ ...SCOPE, metrics: [counter, bucketed] }])));
    expect(decoded).toHaveLength(2);
  });

  test('Proxies whose traps throw (an exemplar, its filtered attributes, the list itself) lose those exemplars only', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const hostileExemplar = new Proxy({}, { get: trap });
    const hostileAttributes = { ...exemplar(2), filteredAttributes: new Proxy({}, { ownKeys: trap }) };
    const hostileTraceId = Object.defineProperty({ ...exemplar(3) }, 'traceId', { get: trap });
    const counter = withExemplars(sum('c', [[{}, 1]]), [hostileExemplar as Exemplar, hostileAttributes, hostileTraceId]);
    const list = withExemplars(sum('d', [[{}, 1]]), new Proxy([exemplar(1)], { get: trap }) as unknown as Exemplar[]);
    const exposition = om([counter, list]);
    // The exemplar whose trace id cannot be read is dropped; the one whose attributes cannot be
    // listed is kept without them; an unreadable list gives none.
    expect(exposition.split('\n').filter((line) => line.startsWith('c_total') || line.startsWith('d_total'))).toEqual([
      `c_total{${S}} 1 # {${IDS}} 2 1700000005.25`,
      `d_total{${S}} 1`,
    ]);
    expect(() => new PrometheusSerializer().serializeProtobuf(resourceMetrics([{ ...SCOPE, metrics: [counter, list] }]))).not.toThrow();
    const bucketed = withExemplars(histogram('h', [[{}, { buckets: { boundaries: [1], counts: [0, 2] }, sum: 5, count: 2 }]]), [hostileAttributes, hostileTraceId]);
    expect(om([bucketed]).split('\n').filter((line) => line.startsWith('h_bucket'))).toEqual([`h_bucket{${S},le="1.0"} 0`, `h_bucket{${S},le="+Inf"} 2 # {${IDS}} 2 1700000005.25`]);
  });

  test('exemplars that are not an array are ignored', () => {
    const point = { startTime: [1700000000, 0], endTime: [1700000010, 0], attributes: {}, value: 1, exemplars: 'lots' };
    const metric = { ...sum('c', []), dataPoints: [point] } as unknown as MetricData;
    expect(om([metric])).toBe(`# TYPE c counter\nc_total{${S}} 1\nc_created{${S}} 1700000000\n`);
  });
});

describe('protobuf', () => {
  const ts = { seconds: 1700000005, nanos: 250_000_000 };
  const idLabels = [
    { name: 'trace_id', value: TRACE_ID },
    { name: 'span_id', value: SPAN_ID },
  ];

  function protobuf(metrics: MetricData[]) {
    return decodeMetricFamilies(new PrometheusSerializer().serializeProtobuf(resourceMetrics([{ ...SCOPE, metrics }])));
  }
  const metricOf = (family: Record<string, unknown>) => (family.metric as Array<Record<string, any>>)[0]!;

  test('Counter.exemplar: the latest exemplar', () => {
    const [family] = protobuf([withExemplars(sum('c', [[{}, 3]]), [exemplar(1, {}, { at: [1700000001, 0] }), exemplar(2, { user: 'u1' })])]);
    expect(metricOf(family!).counter.exemplar).toEqual({ label: [...idLabels, { name: 'user', value: 'u1' }], value: 2, timestamp: ts });
  });

  test('Bucket.exemplar as in the text format; a +Inf bucket is added to carry the +Inf exemplar', () => {
    const [family] = protobuf([
      withExemplars(histogram('h', [[{}, { buckets: { boundaries: [1, 10], counts: [1, 0, 1] }, sum: 20.5, count: 2 }]]), [exemplar(0.5), exemplar(20)]),
    ]);
    const { histogram: h } = metricOf(family!);
    expect(h.bucket).toEqual([
      { cumulative_count: 1, upper_bound: 1, exemplar: { label: idLabels, value: 0.5, timestamp: ts } },
      { cumulative_count: 1, upper_bound: 10, exemplar: { label: idLabels, value: 0.5, timestamp: ts } },
      { cumulative_count: 2, upper_bound: Infinity, exemplar: { label: idLabels, value: 20, timestamp: ts } },
    ]);
  });

  test('without exemplars no +Inf bucket is written (as before)', () => {
    const [family] = protobuf([histogram('h', [[{}, { buckets: { boundaries: [1], counts: [1, 1] }, sum: 2.5, count: 2 }]])]);
    expect(metricOf(family!).histogram.bucket).toEqual([{ cumulative_count: 1, upper_bound: 1 }]);
  });

  test('a native histogram carries every exemplar in Histogram.exemplars, each with its timestamp', () => {
    const [family] = protobuf([
      withExemplars(
        exponentialHistogram('e', [
          [{}, { count: 2, sum: 4.5, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } }],
        ]),
        [exemplar(1.5), exemplar(3, {}, { spanless: true })],
      ),
    ]);
    expect(metricOf(family!).histogram.exemplars).toEqual([
      { label: idLabels, value: 1.5, timestamp: ts },
      { value: 3, timestamp: ts },
    ]);
  });

  test('gauges carry none', () => {
    const [family] = protobuf([withExemplars(gauge('g', [[{}, 1]]), [exemplar(1)])]);
    expect(metricOf(family!).gauge).toEqual({ value: 1 });
  });
});

test('timestamps are written exactly, not through a double', () => {
  expect(formatTimestamp([1700000005, 0])).toBe('1700000005');
  expect(formatTimestamp([1700000005, 123456789])).toBe('1700000005.123456789');
  expect(formatTimestamp([1700000005, 1000])).toBe('1700000005.000001');
});

describe('delta to cumulative', () => {
  const t = (s: number): [number, number] => [1700000000 + s, 0];
  function deltaSum(value: number, start: number, end: number, exemplars?: Exemplar[]): ResourceMetrics {
    const metric: MetricData = {
      descriptor: { name: 'jobs', description: '', unit: '', valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [{ attributes: { k: 'a' }, value, startTime: t(start), endTime: t(end), ...(exemplars ? { exemplars } : {}) }],
    };
    return { resource: emptyResource(), scopeMetrics: [{ scope: { name: 'bridge' }, metrics: [metric] }] };
  }
  const exemplarsOf = (result: ResourceMetrics) => result.scopeMetrics[0]!.metrics[0]!.dataPoints.map((p) => p.exemplars);

  test('a cumulative series shows its latest delta exemplars; a delta without any keeps them; a restart drops them', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    const first = exemplar(1, {}, { at: t(5) });
    const second = exemplar(2, {}, { at: t(25) });
    expect(exemplarsOf(converter.convert(deltaSum(1, 0, 10, [first])))).toEqual([[first]]);
    expect(exemplarsOf(converter.convert(deltaSum(1, 10, 20)))).toEqual([[first]]);
    expect(exemplarsOf(converter.convert(deltaSum(1, 20, 30, [second])))).toEqual([[second]]);
    // A gap: the series starts again from the new point, which has no exemplar.
    expect(exemplarsOf(converter.convert(deltaSum(1, 50, 60)))).toEqual([undefined]);
  });

  test('a series keeps a bounded number of exemplars whatever a producer sends', () => {
    const converter = new DeltaToCumulative(() => 2000, new WarnOnce());
    const many = Array.from({ length: 10_000 }, (_, i) => exemplar(i));
    const [kept] = exemplarsOf(converter.convert(deltaSum(1, 0, 10, many)));
    expect(kept!.length).toBe(256);
    expect(kept![255]!.value).toBe(9999);
  });

  test('a scrape of a delta producer carries the exemplar in OpenMetrics', async () => {
    let round = 0;
    const producer: MetricProducer = {
      collect: async () => {
        round++;
        const start = (round - 1) * 10;
        return { resourceMetrics: deltaSum(2, start, start + 10, round === 1 ? [exemplar(2, { user: 'u' })] : []), errors: [] };
      },
    };
    const diagCapture = captureDiag();
    const reader = new PrometheusReader({ preventServerStart: true, withoutTargetInfo: true, metricProducers: [producer] });
    const provider = new MeterProvider({ resource: emptyResource(), readers: [reader] });
    try {
      await reader.getMetrics();
      const second = await reader.getMetrics({ accept: 'application/openmetrics-text; version=1.0.0' });
      expect(second.body).toBe(
        '# TYPE jobs counter\n' +
          `jobs_total{k="a",otel_scope_name="bridge"} 4 # {${IDS},user="u"} 2 1700000005.25\n` +
          'jobs_created{k="a",otel_scope_name="bridge"} 1700000000\n' +
          '# EOF\n',
      );
      expect(diagCapture.warnings()).toEqual([]);
    } finally {
      await provider.shutdown();
      diagCapture.restore();
    }
  });
});
