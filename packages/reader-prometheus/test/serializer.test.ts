// Each translation rule of the specification, checked on hand-built data with the exact text.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { AggregationTemporality } from '@meterkit/sdk-metrics-core';
import { PrometheusSerializer, type SerializerOptions } from '../src';
import { exponentialHistogram, gauge, histogram, resourceMetrics, sum } from './support/data';

const SCOPE = { name: 'lib', version: '1.0.0' };
const S = 'otel_scope_name="lib",otel_scope_version="1.0.0"';

function text(metrics: Parameters<typeof resourceMetrics>[0][number]['metrics'], options: SerializerOptions = {}, resource?: Record<string, string>) {
  return new PrometheusSerializer(options).serialize(resourceMetrics([{ ...SCOPE, metrics }], resource), 'text').text;
}
function om(metrics: Parameters<typeof resourceMetrics>[0][number]['metrics'], options: SerializerOptions = {}, resource?: Record<string, string>) {
  return new PrometheusSerializer(options).serialize(resourceMetrics([{ ...SCOPE, metrics }], resource), 'openmetrics').text;
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  const logger: DiagLogger = {
    error: () => {},
    warn: (message: string) => warnings.push(message),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, DiagLogLevel.WARN);
});
afterEach(() => diag.disable());

describe('sums', () => {
  test('a monotonic cumulative sum is a counter with _total', () => {
    expect(text([sum('http.requests', [[{ method: 'GET' }, 3]], { description: 'Requests', unit: '{request}' })])).toBe(
      '# HELP http_requests_total Requests\n' +
        '# TYPE http_requests_total counter\n' +
        `http_requests_total{method="GET",${S}} 3\n`,
    );
  });

  test('OpenMetrics: family without _total, samples with it, _created from the start time', () => {
    expect(om([sum('http.requests', [[{ method: 'GET' }, 3]], { description: 'Requests' })])).toBe(
      '# HELP http_requests Requests\n' +
        '# TYPE http_requests counter\n' +
        `http_requests_total{method="GET",${S}} 3\n` +
        `http_requests_created{method="GET",${S}} 1700000000.5\n`,
    );
  });

  test('a non-monotonic sum is a gauge', () => {
    expect(text([sum('queue.size', [[{}, -4]], { monotonic: false, unit: 'By' })])).toBe(
      '# TYPE queue_size_bytes gauge\n' + `queue_size_bytes{${S}} -4\n`,
    );
  });

  test('delta sums are dropped with one warning', () => {
    const serializer = new PrometheusSerializer();
    const data = resourceMetrics([{ ...SCOPE, metrics: [sum('d', [[{}, 1]], { temporality: AggregationTemporality.DELTA })] }]);
    expect(serializer.serialize(data, 'text').text).toBe('');
    serializer.serialize(data, 'text');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"d" has delta temporality/);
  });

  test('withoutTotalSuffix leaves counter names alone in the 0.0.4 format only', () => {
    const metrics = [sum('hits', [[{}, 1]])];
    expect(text(metrics, { withoutTotalSuffix: true, withoutScopeInfo: true })).toBe('# TYPE hits counter\nhits 1\n');
    expect(om(metrics, { withoutTotalSuffix: true, withoutScopeInfo: true })).toBe(
      '# TYPE hits counter\nhits_total 1\nhits_created 1700000000.5\n',
    );
  });
});

describe('gauges', () => {
  test('gauge with unit 1 gets no _ratio suffix and no # UNIT (specification PR 4966)', () => {
    const metrics = [gauge('process.cpu.utilization', [[{ cpu: 0 }, 0.25]], { unit: '1', description: 'CPU' })];
    expect(text(metrics)).toBe(
      '# HELP process_cpu_utilization CPU\n# TYPE process_cpu_utilization gauge\n' + `process_cpu_utilization{cpu="0",${S}} 0.25\n`,
    );
    expect(om(metrics)).toBe(
      '# HELP process_cpu_utilization CPU\n# TYPE process_cpu_utilization gauge\n' + `process_cpu_utilization{cpu="0",${S}} 0.25\n`,
    );
  });

  test('special values: +Inf, -Inf, NaN; integers without .0', () => {
    const metrics = [gauge('g', [[{ k: 'a' }, Infinity], [{ k: 'b' }, -Infinity], [{ k: 'c' }, NaN], [{ k: 'd' }, 42], [{ k: 'e' }, 1e-7]])];
    expect(text(metrics, { withoutScopeInfo: true })).toBe(
      '# TYPE g gauge\ng{k="a"} +Inf\ng{k="b"} -Inf\ng{k="c"} NaN\ng{k="d"} 42\ng{k="e"} 1e-7\n',
    );
  });

  test('withoutUnits: no unit suffix, no # UNIT', () => {
    expect(om([gauge('latency', [[{}, 5]], { unit: 'ms' })], { withoutUnits: true, withoutScopeInfo: true })).toBe(
      '# TYPE latency gauge\nlatency 5\n',
    );
  });
});

describe('histograms', () => {
  const value = { buckets: { boundaries: [0.1, 1, 10], counts: [1, 2, 0, 3] }, sum: 42.5, count: 6 };

  test('cumulative _bucket counts, +Inf, _sum and _count (0.0.4)', () => {
    expect(text([histogram('rpc.duration', [[{ method: 'x' }, value]], { unit: 's', description: 'RPC time' })])).toBe(
      '# HELP rpc_duration_seconds RPC time\n' +
        '# TYPE rpc_duration_seconds histogram\n' +
        `rpc_duration_seconds_bucket{method="x",${S},le="0.1"} 1\n` +
        `rpc_duration_seconds_bucket{method="x",${S},le="1"} 3\n` +
        `rpc_duration_seconds_bucket{method="x",${S},le="10"} 3\n` +
        `rpc_duration_seconds_bucket{method="x",${S},le="+Inf"} 6\n` +
        `rpc_duration_seconds_sum{method="x",${S}} 42.5\n` +
        `rpc_duration_seconds_count{method="x",${S}} 6\n`,
    );
  });

  test('OpenMetrics: canonical float le values, # UNIT, _created', () => {
    expect(om([histogram('rpc.duration', [[{}, value]], { unit: 's' })], { withoutScopeInfo: true })).toBe(
      '# TYPE rpc_duration_seconds histogram\n' +
        '# UNIT rpc_duration_seconds seconds\n' +
        'rpc_duration_seconds_bucket{le="0.1"} 1\n' +
        'rpc_duration_seconds_bucket{le="1.0"} 3\n' +
        'rpc_duration_seconds_bucket{le="10.0"} 3\n' +
        'rpc_duration_seconds_bucket{le="+Inf"} 6\n' +
        'rpc_duration_seconds_sum 42.5\n' +
        'rpc_duration_seconds_count 6\n' +
        'rpc_duration_seconds_created 1700000000.5\n',
    );
  });

  test('_sum is omitted when the sum is absent (instrument may record negatives)', () => {
    const noSum = { buckets: { boundaries: [0], counts: [1, 1] }, count: 2 };
    expect(text([histogram('delta.t', [[{}, noSum]])], { withoutScopeInfo: true })).toBe(
      '# TYPE delta_t histogram\ndelta_t_bucket{le="0"} 1\ndelta_t_bucket{le="+Inf"} 2\ndelta_t_count 2\n',
    );
  });

  test('an attribute named le is dropped (the bucket label wins) with a warning', () => {
    const single = { buckets: { boundaries: [], counts: [1] }, sum: 1, count: 1 };
    expect(text([histogram('h', [[{ le: 'mine' }, single]])], { withoutScopeInfo: true })).toBe(
      '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    );
    expect(warnings.join()).toMatch(/attribute "le" of metric "h"/);
  });

  test('delta histograms are dropped', () => {
    expect(text([histogram('h', [[{}, value]], { temporality: AggregationTemporality.DELTA })])).toBe('');
  });
});

describe('exponential histograms become le buckets at the exact boundaries base^i', () => {
  test('scale 0 (base 2): negative, zero and positive buckets', () => {
    const point = {
      count: 9,
      sum: 20,
      scale: 0,
      zeroCount: 1,
      // positive bucket i holds (2^i, 2^(i+1)]: offset 0 → (1,2], (2,4], (4,8]
      positive: { offset: 0, bucketCounts: [2, 0, 3] },
      // negative bucket i holds [-2^(i+1), -2^i): offset 1 → [-4,-2), [-8,-4)
      negative: { offset: 1, bucketCounts: [2, 1] },
    };
    expect(text([exponentialHistogram('size', [[{}, point]], { unit: 'By' })], { withoutScopeInfo: true })).toBe(
      '# TYPE size_bytes histogram\n' +
        'size_bytes_bucket{le="-4"} 1\n' +
        'size_bytes_bucket{le="-2"} 3\n' +
        'size_bytes_bucket{le="0"} 4\n' +
        'size_bytes_bucket{le="2"} 6\n' +
        'size_bytes_bucket{le="4"} 6\n' +
        'size_bytes_bucket{le="8"} 9\n' +
        'size_bytes_bucket{le="+Inf"} 9\n' +
        'size_bytes_sum 20\n' +
        'size_bytes_count 9\n',
    );
  });

  test('scale 1 (base √2), positive only', () => {
    const point = { count: 3, sum: 4, scale: 1, zeroCount: 0, positive: { offset: 1, bucketCounts: [1, 2] }, negative: { offset: 0, bucketCounts: [] } };
    expect(text([exponentialHistogram('x', [[{}, point]])], { withoutScopeInfo: true })).toBe(
      '# TYPE x histogram\n' +
        'x_bucket{le="2"} 1\n' +
        `x_bucket{le="${Math.pow(2, 1.5)}"} 3\n` +
        'x_bucket{le="+Inf"} 3\n' +
        'x_sum 4\n' +
        'x_count 3\n',
    );
  });
});

describe('labels', () => {
  test('keys are sanitised; colliding keys join their values with ";" in sorted key order', () => {
    const attributes = { 'a.b': 'dot', a_b: 'underscore', 'a-b': 'dash', other: 'x' };
    expect(text([gauge('g', [[attributes, 1]])], { withoutScopeInfo: true })).toBe(
      '# TYPE g gauge\ng{a_b="dash;dot;underscore",other="x"} 1\n',
    );
  });

  test('label values escape backslash, quote and newline; non-strings follow the attribute rules', () => {
    const attributes = { s: 'a\\b"c\nd', n: 1.5, b: true, arr: ['x', 'y'] };
    expect(text([gauge('g', [[attributes, 1]])], { withoutScopeInfo: true })).toBe(
      '# TYPE g gauge\ng{s="a\\\\b\\"c\\nd",n="1.5",b="true",arr="[\\"x\\",\\"y\\"]"} 1\n',
    );
  });

  test('HELP escapes backslash and newline (0.0.4) and also quotes (OpenMetrics)', () => {
    const metrics = [gauge('g', [[{}, 1]], { description: 'a \\ "b"\nc' })];
    expect(text(metrics, { withoutScopeInfo: true })).toBe('# HELP g a \\\\ "b"\\nc\n# TYPE g gauge\ng 1\n');
    expect(om(metrics, { withoutScopeInfo: true })).toBe('# HELP g a \\\\ \\"b\\"\\nc\n# TYPE g gauge\ng 1\n');
  });

  test('scope labels: version omitted when empty; withoutScopeInfo removes both', () => {
    const data = resourceMetrics([{ name: 'noversion', version: '', metrics: [gauge('g', [[{}, 1]])] }]);
    expect(new PrometheusSerializer().serialize(data, 'text').text).toBe('# TYPE g gauge\ng{otel_scope_name="noversion"} 1\n');
  });

  test('scope schema URL and scope attributes become otel_scope_* labels; attributes taking an identity label are dropped', () => {
    const data = resourceMetrics([
      {
        name: 'otelhttp',
        version: 'v0.24.0',
        schemaUrl: 'https://opentelemetry.io/schemas/1.31.0',
        // "name" would become otel_scope_name: the specification drops it.
        attributes: { 'library.mascot': 'gopher', name: 'clash', 'x.y': 1, x_y: 2 },
        metrics: [gauge('g', [[{ k: 'v' }, 1]])],
      },
    ]);
    expect(new PrometheusSerializer().serialize(data, 'text').text).toBe(
      '# TYPE g gauge\n' +
        'g{k="v",otel_scope_name="otelhttp",otel_scope_version="v0.24.0",otel_scope_schema_url="https://opentelemetry.io/schemas/1.31.0",' +
        'otel_scope_library_mascot="gopher",otel_scope_x_y="1;2"} 1\n',
    );
    expect(warnings.join('\n')).toMatch(/scope attribute "name" of scope "otelhttp" would become label "otel_scope_name"; it is dropped/);
    expect(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(data, 'text').text).toBe('# TYPE g gauge\ng{k="v"} 1\n');
  });

  test('an attribute that takes a scope or constant label name is joined with it, in original-key order, not dropped', () => {
    const metrics = [gauge('g', [[{ 'otel.scope.name': 'mine', 'service_name': 'attr' }, 1]])];
    // "otel.scope.name" < "otel_scope_name" and "service.name" < "service_name" ('.' sorts before '_').
    expect(text(metrics, { withResourceConstantLabels: ['service.name'], withoutTargetInfo: true }, { 'service.name': 'res' })).toBe(
      '# TYPE g gauge\n' + 'g{otel_scope_name="mine;lib",service_name="res;attr",otel_scope_version="1.0.0"} 1\n',
    );
    expect(warnings).toEqual([]);
  });

  test('kept label text is per series and per use: one attributes object under a gauge and a histogram, scraped twice', () => {
    const shared = { le: 'x', a: '1' }; // the same object, as the SDK hands out for a live series
    const value = { buckets: { boundaries: [1], counts: [1, 0] }, sum: 0.5, count: 1 };
    const metrics = [gauge('g', [[shared, 1]]), histogram('h', [[shared, value]])];
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    const expected =
      '# TYPE g gauge\ng{le="x",a="1"} 1\n' +
      '# TYPE h histogram\nh_bucket{a="1",le="1"} 1\nh_bucket{a="1",le="+Inf"} 1\nh_sum{a="1"} 0.5\nh_count{a="1"} 1\n';
    const data = resourceMetrics([{ ...SCOPE, metrics }]);
    expect(serializer.serialize(data, 'text').text).toBe(expected);
    expect(serializer.serialize(data, 'text').text).toBe(expected);
    // Other fixed labels (another scope) with the same attributes object: rendered for them.
    const withScopes = new PrometheusSerializer();
    expect(withScopes.serialize(resourceMetrics([{ ...SCOPE, metrics: [gauge('g', [[shared, 2]])] }]), 'text').text).toBe(`# TYPE g gauge\ng{le="x",a="1",${S}} 2\n`);
    const other = resourceMetrics([{ name: 'other', metrics: [gauge('g', [[shared, 2]])] }]);
    expect(withScopes.serialize(other, 'text').text).toBe('# TYPE g gauge\ng{le="x",a="1",otel_scope_name="other"} 2\n');
  });

  test('withResourceConstantLabels copies chosen resource attributes onto every series (point attributes win)', () => {
    const resource = { 'service.name': 'svc', 'deployment.environment': 'prod', region: 'eu' };
    const metrics = [gauge('g', [[{ region: 'us' }, 1]])];
    const viaRegex = text(metrics, { withResourceConstantLabels: /^(service|deployment)\./g, withoutTargetInfo: true, withoutScopeInfo: true }, resource);
    expect(viaRegex).toBe('# TYPE g gauge\ng{region="us",service_name="svc",deployment_environment="prod"} 1\n');
    const viaList = text(metrics, { withResourceConstantLabels: ['region', 'service.name'], withoutTargetInfo: true, withoutScopeInfo: true }, resource);
    expect(viaList).toBe('# TYPE g gauge\ng{region="us",service_name="svc"} 1\n');
  });
});

describe('target_info', () => {
  const resource = { 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'i-1', 'host.name': 'h"1' };

  test('0.0.4: a gauge target_info with the resource attributes and no other label', () => {
    expect(text([], {}, resource)).toBe(
      '# HELP target_info Target metadata\n' +
        '# TYPE target_info gauge\n' +
        'target_info{service_name="checkout",service_namespace="shop",service_instance_id="i-1",host_name="h\\"1"} 1\n',
    );
  });

  test('OpenMetrics: an info-typed family "target"', () => {
    expect(om([], {}, { 'service.name': 'svc' })).toBe(
      '# HELP target Target metadata\n# TYPE target info\ntarget_info{service_name="svc"} 1\n',
    );
  });

  test('absent for the empty resource and with withoutTargetInfo', () => {
    expect(text([], {})).toBe('');
    expect(text([], { withoutTargetInfo: true }, resource)).toBe('');
  });
});

describe('families across scopes', () => {
  test('same name from two scopes: one HELP/TYPE, series from both', () => {
    const data = resourceMetrics([
      { name: 'a', metrics: [sum('hits', [[{}, 1]], { description: 'first' })] },
      { name: 'b', metrics: [sum('hits', [[{}, 2]], { description: 'second' })] },
    ]);
    expect(new PrometheusSerializer().serialize(data, 'text').text).toBe(
      '# HELP hits_total first\n# TYPE hits_total counter\nhits_total{otel_scope_name="a"} 1\nhits_total{otel_scope_name="b"} 2\n',
    );
  });

  test('conflicting types: the first wins, the other is dropped with one warning', () => {
    const data = resourceMetrics([
      { name: 'a', metrics: [gauge('x', [[{}, 1]])] },
      { name: 'b', metrics: [histogram('x', [[{}, { buckets: { boundaries: [], counts: [1] }, sum: 1, count: 1 }]])] },
    ]);
    const serializer = new PrometheusSerializer();
    expect(serializer.serialize(data, 'text').text).toBe('# TYPE x gauge\nx{otel_scope_name="a"} 1\n');
    serializer.serialize(data, 'text');
    expect(warnings).toEqual([expect.stringMatching(/"x" would be exported as histogram "x", which is already a gauge/)]);
  });

  test('identical series once scope labels are off: the first is kept', () => {
    const data = resourceMetrics([
      { name: 'a', metrics: [gauge('x', [[{ k: 'v' }, 1]])] },
      { name: 'b', metrics: [gauge('x', [[{ k: 'v' }, 2]])] },
    ]);
    expect(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(data, 'text').text).toBe('# TYPE x gauge\nx{k="v"} 1\n');
    expect(warnings.join()).toMatch(/repeats a series/);
  });

  test('a repeated series is dropped on every scrape of one serializer, with one warning', () => {
    const data = resourceMetrics([
      { name: 'a', metrics: [gauge('x', [[{ k: 'v' }, 1]])] },
      { name: 'b', metrics: [gauge('x', [[{ k: 'v' }, 2]])] },
    ]);
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    for (let scrape = 0; scrape < 3; scrape++) expect(serializer.serialize(data, 'text').text).toBe('# TYPE x gauge\nx{k="v"} 1\n');
    expect(warnings.filter((w) => /repeats a series/.test(w))).toHaveLength(1);
  });

  test('several repeated series of one family: all dropped, one warning for the family, in both formats', () => {
    const data = resourceMetrics([
      { name: 'a', metrics: [gauge('x', [[{ k: 'v' }, 1], [{ k: 'w' }, 2]])] },
      { name: 'b', metrics: [gauge('x', [[{ k: 'v' }, 3], [{ k: 'w' }, 4]])] },
    ]);
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    for (let scrape = 0; scrape < 2; scrape++) {
      expect(serializer.serialize(data, 'text').text).toBe('# TYPE x gauge\nx{k="v"} 1\nx{k="w"} 2\n');
      expect(serializer.serialize(data, 'openmetrics').text).toBe('# TYPE x gauge\nx{k="v"} 1\nx{k="w"} 2\n');
    }
    expect(warnings.filter((w) => /repeats a series/.test(w))).toEqual([expect.stringContaining('with the same labels {k="v"}')]);
  });

  test('label sets with the same hash are both written, scrape after scrape', () => {
    // k="v28" and k="v849492" have the same 32-bit label hash (found by search).
    const data = resourceMetrics([{ name: 'a', metrics: [gauge('x', [[{ k: 'v28' }, 1], [{ k: 'v849492' }, 2]])] }]);
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    for (let scrape = 0; scrape < 3; scrape++) {
      expect(serializer.serialize(data, 'text').text).toBe('# TYPE x gauge\nx{k="v28"} 1\nx{k="v849492"} 2\n');
    }
    // Then one of them repeated from another scope: only the repeat is dropped.
    const repeated = resourceMetrics([
      { name: 'a', metrics: [gauge('x', [[{ k: 'v849492' }, 2], [{ k: 'v28' }, 1]])] },
      { name: 'b', metrics: [gauge('x', [[{ k: 'v28' }, 3]])] },
    ]);
    expect(serializer.serialize(repeated, 'text').text).toBe('# TYPE x gauge\nx{k="v849492"} 2\nx{k="v28"} 1\n');
    expect(warnings.join()).toMatch(/repeats a series/);
  });

  test('series that go and come back between scrapes are written whenever present', () => {
    const many = Array.from({ length: 300 }, (_, i): [Record<string, string>, number] => [{ k: `v${i}` }, i]);
    const all = resourceMetrics([{ name: 'a', metrics: [gauge('x', many)] }]);
    const one = resourceMetrics([{ name: 'a', metrics: [gauge('x', [many[7]!])] }]);
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    const allText = `# TYPE x gauge\n${many.map(([a, v]) => `x{k="${a.k}"} ${v}\n`).join('')}`;
    expect(serializer.serialize(all, 'text').text).toBe(allText);
    // Most series gone for a few scrapes (what the serializer remembers of them is dropped)...
    for (let scrape = 0; scrape < 3; scrape++) expect(serializer.serialize(one, 'text').text).toBe('# TYPE x gauge\nx{k="v7"} 7\n');
    // ...then back; and other families in between in another format.
    expect(serializer.serialize(resourceMetrics([{ name: 'a', metrics: [sum('y', [[{}, 1]])] }]), 'openmetrics').text).toMatch(/^# TYPE y counter\ny_total 1\n/);
    expect(serializer.serialize(all, 'text').text).toBe(allText);
    expect(warnings).toEqual([]);
  });

  test('names lists every family and sample name written', () => {
    const data = resourceMetrics([{ name: 'a', metrics: [sum('hits', [[{}, 1]]), histogram('h', [[{}, { buckets: { boundaries: [], counts: [1] }, sum: 1, count: 1 }]])] }]);
    const { names } = new PrometheusSerializer().serialize(data, 'text');
    expect([...names].sort()).toEqual(['h', 'h_bucket', 'h_count', 'h_sum', 'hits_total']);
  });
});
