// Every instrument kind, under both temporality preferences, in both encodings, with and
// without gzip, reaches a real OTLP receiver with the right names, units, attributes, values,
// temporality and resource; behind meterkit's reader and behind the official SDK's.
import { resourceFromAttributes } from '@opentelemetry/resources';
import * as otel from '@opentelemetry/sdk-metrics';
import { MeterProvider, PeriodicExportingMetricReader } from '@meterkit/sdk-metrics-core';
import { startOtlpSink, type OtlpSink, type ReceivedPoint } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, type OTLPMetricExporterOptions } from '../src';
import { sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import { ATTRS, recordAllKinds } from '../../otlp-exporter-base/test/support/workload';

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ grpcPort: null }), (started) => (sink = started));

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.2.3' });

function pointsOfRequest(index: number): Map<string, ReceivedPoint> {
  return new Map(sink.points().filter((p) => p.requestIndex === index).map((p) => [p.name, p]));
}

type Temporality = 'cumulative' | 'delta';

function checkFirstRound(points: Map<string, ReceivedPoint>, prefix: string, preference: Temporality) {
  const delta = preference === 'delta' ? 'delta' : 'cumulative';
  for (const p of points.values()) {
    expect(p.resource).toMatchObject({ 'service.name': 'checkout', 'service.version': '1.2.3' });
    expect(p.scopeName).toBe('e2e');
    expect(p.scopeVersion).toBe('0.0.1');
    expect(p.attributes).toEqual(ATTRS);
  }
  expect(points.get(`${prefix}.requests`)).toMatchObject({ kind: 'sum', unit: '{request}', description: 'requests served', isMonotonic: true, value: 8, temporality: delta });
  expect(points.get(`${prefix}.active`)).toMatchObject({ kind: 'sum', unit: '{connection}', isMonotonic: false, value: 6, temporality: 'cumulative' });
  expect(points.get(`${prefix}.duration`)).toMatchObject({
    kind: 'histogram',
    unit: 'ms',
    temporality: delta,
    count: 3,
    sum: 308,
    min: 1,
    max: 300,
    explicitBounds: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
    bucketCounts: [0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
  });
  expect(points.get(`${prefix}.temperature`)).toMatchObject({ kind: 'gauge', unit: 'Cel', value: 21.5 });
  expect(points.get(`${prefix}.cpu_time`)).toMatchObject({ kind: 'sum', unit: 's', isMonotonic: true, value: 100, temporality: delta });
  expect(points.get(`${prefix}.queue`)).toMatchObject({ kind: 'sum', unit: '{item}', isMonotonic: false, value: -5, temporality: 'cumulative' });
  expect(points.get(`${prefix}.load`)).toMatchObject({ kind: 'gauge', unit: '1', value: 0.75 });
}

function checkSecondRound(points: Map<string, ReceivedPoint>, prefix: string, preference: Temporality) {
  if (preference === 'delta') {
    expect(points.get(`${prefix}.requests`)).toMatchObject({ value: 2, temporality: 'delta' });
    expect(points.get(`${prefix}.duration`)).toMatchObject({ count: 1, sum: 4, temporality: 'delta' });
    expect(points.get(`${prefix}.cpu_time`)).toMatchObject({ value: 30, temporality: 'delta' });
  } else {
    expect(points.get(`${prefix}.requests`)).toMatchObject({ value: 10, temporality: 'cumulative' });
    expect(points.get(`${prefix}.duration`)).toMatchObject({ count: 4, sum: 312, temporality: 'cumulative' });
    expect(points.get(`${prefix}.cpu_time`)).toMatchObject({ value: 130, temporality: 'cumulative' });
  }
  expect(points.get(`${prefix}.active`)).toMatchObject({ value: 7, temporality: 'cumulative' });
  expect(points.get(`${prefix}.queue`)).toMatchObject({ value: -5, temporality: 'cumulative' });
}

const matrix: [OTLPMetricExporterOptions['protocol'], 'gzip' | 'none', Temporality][] = [];
for (const protocol of ['http/protobuf', 'http/json'] as const)
  for (const compression of ['none', 'gzip'] as const)
    for (const temporality of ['cumulative', 'delta'] as const) matrix.push([protocol, compression, temporality]);

describe.each(matrix)('%s, compression %s, %s preference, behind meterkit', (protocol, compression, temporality) => {
  it('delivers all seven instrument kinds over two collections', async () => {
    const exporter = new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, protocol, compression, temporalityPreference: temporality, headers: { 'x-tenant': 't1' } });
    const provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
    const work = recordAllKinds(provider.getMeter('e2e', '0.0.1'), 'app');
    await provider.forceFlush();
    work.recordMore();
    await provider.forceFlush();
    await provider.shutdown();

    const [first, second] = sink.requests;
    expect(first).toMatchObject({
      transport: 'http',
      path: '/v1/metrics',
      encoding: protocol === 'http/json' ? 'json' : 'protobuf',
      compressed: compression === 'gzip',
      accepted: true,
    });
    expect(first.headers['x-tenant']).toBe('t1');
    expect(first.headers['content-type']).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
    // The version comes from package.json, so it follows releases.
    expect(first.headers['user-agent'].split(' ')[0]).toBe(`meterkit-otlp-http/${require('../package.json').version}`);
    checkFirstRound(pointsOfRequest(0), 'app', temporality);
    expect(second.accepted).toBe(true);
    checkSecondRound(pointsOfRequest(1), 'app', temporality);
  });
});

describe.each(['cumulative', 'delta'] as const)('behind the official @opentelemetry/sdk-metrics reader, %s preference', (temporality) => {
  it('delivers all seven instrument kinds over two collections', async () => {
    const exporter = new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, temporalityPreference: temporality });
    // The exporter's types come from meterkit's data model, structurally identical to the official SDK's.
    const reader = new otel.PeriodicExportingMetricReader({ exporter: exporter as unknown as otel.PushMetricExporter, exportIntervalMillis: 60_000 });
    const provider = new otel.MeterProvider({ resource, readers: [reader] });
    const work = recordAllKinds(provider.getMeter('e2e', '0.0.1'), 'official');
    await provider.forceFlush();
    work.recordMore();
    await provider.forceFlush();
    await provider.shutdown();
    checkFirstRound(pointsOfRequest(0), 'official', temporality);
    checkSecondRound(pointsOfRequest(1), 'official', temporality);
  });
});

it('sends base2 exponential histograms when OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION asks for them', async () => {
  const saved = process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION;
  process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION = 'base2_exponential_bucket_histogram';
  let exporter: OTLPMetricExporter;
  try {
    exporter = new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics` });
  } finally {
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION;
    else process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION = saved;
  }
  const provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
  const histogram = provider.getMeter('e2e').createHistogram('latency', { unit: 's' });
  for (const v of [0.5, 1, 2, 4]) histogram.record(v, ATTRS);
  await provider.shutdown();
  expect(sink.points().find((p) => p.name === 'latency')).toMatchObject({ kind: 'exponentialHistogram', count: 4, sum: 7.5, min: 0.5, max: 4, attributes: ATTRS });
});
