// The protobuf exposition, decoded with Prometheus' own schema: every field the reader writes,
// checked exactly; and the exponential → native histogram conversion rules of the specification.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { PrometheusSerializer, type SerializerOptions } from '../src';
import { METRICS_PROTO } from '../src/generated/metrics-proto';
import { sparseBuckets, toNativeHistogram } from '../src/native-histogram';
import { negotiateFormat } from '../src/content-negotiation';
import { decodeMetricFamilies as decode, PROTO_FILE } from './support/prom-proto';
import { exponentialHistogram, gauge, histogram, resourceMetrics, sum } from './support/data';

const SCOPE = { name: 'lib', version: '1.0.0' };
const SCOPE_LABELS = [
  { name: 'otel_scope_name', value: 'lib' },
  { name: 'otel_scope_version', value: '1.0.0' },
];
const START = { seconds: 1700000000, nanos: 500_000_000 };

function protobuf(metrics: Parameters<typeof resourceMetrics>[0][number]['metrics'], options: SerializerOptions = {}, resource?: Record<string, string>) {
  return decode(new PrometheusSerializer(options).serializeProtobuf(resourceMetrics([{ ...SCOPE, metrics }], resource)));
}

afterEach(() => diag.disable());

test('the embedded schema is the kept metrics.proto (run scripts/embed-proto.mjs after changing it)', () => {
  expect(METRICS_PROTO).toBe(readFileSync(PROTO_FILE, 'utf8'));
  expect(METRICS_PROTO).toMatch(/^\/\/ Copyright 2013 Prometheus Team\n\/\/ Licensed under the Apache License/);
});

test('negotiation: the delimited MetricFamily media type picks protobuf; wildcards and other protos never do', () => {
  const prometheus =
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,' +
    'application/openmetrics-text;version=1.0.0;q=0.7,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
  const all = ['text', 'openmetrics', 'protobuf'] as const;
  expect(negotiateFormat(prometheus, all)).toBe('protobuf');
  expect(negotiateFormat(prometheus)).toBe('openmetrics'); // the text-only default
  expect(negotiateFormat('application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text', all)).toBe('text');
  expect(negotiateFormat('application/vnd.google.protobuf;proto=other.Message;encoding=delimited', all)).toBe('text');
  expect(negotiateFormat('*/*', all)).toBe('text');
});

test('counters, gauges and target_info: names as in the 0.0.4 format, labels as pairs, created timestamps', () => {
  const families = protobuf(
    [sum('http.requests', [[{ method: 'GET' }, 3]], { description: 'Requests', unit: 's' }), gauge('queue', [[{}, -2]])],
    {},
    { 'service.name': 'svc' },
  );
  expect(families).toEqual([
    { name: 'target_info', help: 'Target metadata', type: 1, metric: [{ label: [{ name: 'service_name', value: 'svc' }], gauge: { value: 1 } }] },
    {
      name: 'http_requests_seconds_total',
      help: 'Requests',
      type: 0,
      unit: 'seconds',
      metric: [{ label: [{ name: 'method', value: 'GET' }, ...SCOPE_LABELS], counter: { value: 3, created_timestamp: START } }],
    },
    { name: 'queue', type: 1, metric: [{ label: SCOPE_LABELS, gauge: { value: -2 } }] },
  ]);
});

test('explicit histograms stay classic: cumulative finite buckets (no +Inf), count, sum, created timestamp', () => {
  const value = { buckets: { boundaries: [1, 10], counts: [2, 3, 1] }, sum: 30.5, count: 6, min: 0.5, max: 12 };
  expect(protobuf([histogram('latency', [[{ route: '/' }, value]], { unit: 'ms' })])).toEqual([
    {
      name: 'latency_milliseconds',
      type: 4,
      unit: 'milliseconds',
      metric: [
        {
          label: [{ name: 'route', value: '/' }, ...SCOPE_LABELS],
          histogram: {
            sample_count: 6,
            sample_sum: 30.5,
            bucket: [
              { cumulative_count: 2, upper_bound: 1 },
              { cumulative_count: 5, upper_bound: 10 },
            ],
            created_timestamp: START,
          },
        },
      ],
    },
  ]);
});

test('exponential histograms become native histograms: schema, zero bucket, spans and deltas', () => {
  const point = {
    count: 45,
    sum: 1234.5,
    scale: 3,
    zeroCount: 4,
    // The specification's example: offset 3, counts 10,0,0,20,5,2 → native indexes 4..9.
    positive: { offset: 3, bucketCounts: [10, 0, 0, 20, 5, 2] },
    negative: { offset: -2, bucketCounts: [1, 3] },
  };
  expect(protobuf([exponentialHistogram('size', [[{}, point]], { unit: 'By' })], { withoutScopeInfo: true })).toEqual([
    {
      name: 'size_bytes',
      type: 4,
      unit: 'bytes',
      metric: [
        {
          histogram: {
            sample_count: 45,
            sample_sum: 1234.5,
            created_timestamp: START,
            schema: 3,
            zero_threshold: 1e-128,
            zero_count: 4,
            negative_span: [{ offset: -1, length: 2 }],
            negative_delta: [1, 2],
            positive_span: [
              { offset: 4, length: 1 },
              { offset: 2, length: 3 },
            ],
            positive_delta: [10, 10, -15, -3],
          },
        },
      ],
    },
  ]);
});

test('deltas beyond 32 bits are written as the sint64 of the schema and read back exactly', () => {
  const big = 3_000_000_000;
  const point = { count: big + 1, sum: 1, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [big, 1] }, negative: { offset: 0, bucketCounts: [] } };
  const [family] = protobuf([exponentialHistogram('x', [[{}, point]])], { withoutScopeInfo: true });
  const histogram = (family!.metric as Array<{ histogram: Record<string, unknown> }>)[0]!.histogram;
  expect(histogram.positive_delta).toEqual([big, 1 - big]);
  expect(histogram.sample_count).toBe(big + 1);
});

describe('native histogram conversion', () => {
  test('the specification example', () => {
    expect(sparseBuckets(3, [10, 0, 0, 20, 5, 2], 0)).toEqual({
      spans: [
        { offset: 4, length: 1 },
        { offset: 2, length: 3 },
      ],
      deltas: [10, 10, -15, -3],
    });
  });

  test('scale above 8 is merged down to schema 8: 2^(scale-8) neighbours per bucket, exactly', () => {
    // Scale 10 → schema 8: OTel index i → floor(i / 4); indexes 8..12 → 2,2,2,2,3 → native 3 and 4.
    const conversion = toNativeHistogram({ count: 15, sum: 1, scale: 10, zeroCount: 0, positive: { offset: 8, bucketCounts: [1, 2, 3, 4, 5] }, negative: { offset: -5, bucketCounts: [1, 1] } });
    expect(conversion).toEqual({
      ok: true,
      histogram: {
        schema: 8,
        zeroThreshold: 1e-128,
        zeroCount: 0,
        count: 15,
        sum: 1,
        positive: { spans: [{ offset: 3, length: 2 }], deltas: [10, -5] },
        // -5 → floor(-5/4) = -2, -4 → -1: native -1 and 0.
        negative: { spans: [{ offset: -1, length: 2 }], deltas: [1, 0] },
      },
    });
  });

  test('scale below -4 and a missing sum are dropped with a reason; the serializer warns and skips the point', () => {
    expect(toNativeHistogram({ count: 1, sum: 1, scale: -5, zeroCount: 0, positive: { offset: 0, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } })).toEqual({
      ok: false,
      reason: 'scale -5 is below -4, the smallest native histogram schema',
    });
    const warnings: string[] = [];
    diag.setLogger({ warn: (m: string) => warnings.push(m), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    const noSum = { count: 1, scale: 0, zeroCount: 1, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] } };
    expect(protobuf([exponentialHistogram('x', [[{}, noSum]])])).toEqual([]);
    expect(warnings.join()).toMatch(/"x" cannot be a native histogram \(the point has no sum\)/);
  });

  test('an empty histogram is still native: the zero threshold tells Prometheus so', () => {
    const empty = { count: 0, sum: 0, scale: 20, zeroCount: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] } };
    expect(toNativeHistogram(empty)).toEqual({
      ok: true,
      histogram: { schema: 8, zeroThreshold: 1e-128, zeroCount: 0, count: 0, sum: 0, positive: { spans: [], deltas: [] }, negative: { spans: [], deltas: [] } },
    });
  });
});

const BUILT_ESM = join(__dirname, '../dist/index.mjs');
(existsSync(BUILT_ESM) ? test : test.skip)('the built ES module loads protobufjs (CommonJS) under native ESM and encodes', () => {
  const script =
    `const { PrometheusSerializer } = await import(${JSON.stringify(BUILT_ESM)});` +
    "const data = { resource: { attributes: {} }, scopeMetrics: [{ scope: { name: 's' }, metrics: [{ descriptor: { name: 'c', unit: '', description: '' }," +
    " aggregationTemporality: 1, dataPointType: 3, isMonotonic: true, dataPoints: [{ startTime: [1, 0], endTime: [2, 0], attributes: {}, value: 1 }] }] }] };" +
    'console.log(new PrometheusSerializer().serializeProtobuf(data).length);';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(Number(run.stdout.trim())).toBeGreaterThan(0);
});
