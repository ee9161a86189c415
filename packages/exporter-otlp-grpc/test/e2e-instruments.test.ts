// Every instrument kind, under both temporality preferences, with and without gzip, reaches a
// real OTLP/gRPC receiver with the right names, units, attributes, values, temporality and
// resource; behind meterkit's reader and behind the official SDK's.
import * as grpc from '@grpc/grpc-js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import * as otel from '@opentelemetry/sdk-metrics';
import { MeterProvider, PeriodicExportingMetricReader } from '@meterkit/sdk-metrics-core';
import { startOtlpSink, type OtlpSink, type ReceivedPoint } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';
import { sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import { ATTRS, recordAllKinds } from '../../otlp-exporter-base/test/support/workload';

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ httpPort: null }), (started) => (sink = started));

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.2.3' });

function pointsOfRequest(index: number): Map<string, ReceivedPoint> {
  return new Map(sink.points().filter((p) => p.requestIndex === index).map((p) => [p.name, p]));
}

type Temporality = 'cumulative' | 'delta';

function checkRounds(prefix: string, preference: Temporality) {
  const first = pointsOfRequest(0);
  const delta = preference === 'delta' ? 'delta' : 'cumulative';
  for (const p of first.values()) {
    expect(p.resource).toMatchObject({ 'service.name': 'checkout', 'service.version': '1.2.3' });
    expect(p.scopeName).toBe('e2e');
    expect(p.attributes).toEqual(ATTRS);
  }
  expect(first.get(`${prefix}.requests`)).toMatchObject({ kind: 'sum', unit: '{request}', description: 'requests served', isMonotonic: true, value: 8, temporality: delta });
  expect(first.get(`${prefix}.active`)).toMatchObject({ kind: 'sum', unit: '{connection}', isMonotonic: false, value: 6, temporality: 'cumulative' });
  expect(first.get(`${prefix}.duration`)).toMatchObject({
    kind: 'histogram',
    unit: 'ms',
    temporality: delta,
    count: 3,
    sum: 308,
    min: 1,
    max: 300,
    bucketCounts: [0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
  });
  expect(first.get(`${prefix}.temperature`)).toMatchObject({ kind: 'gauge', unit: 'Cel', value: 21.5 });
  expect(first.get(`${prefix}.cpu_time`)).toMatchObject({ kind: 'sum', unit: 's', isMonotonic: true, value: 100, temporality: delta });
  expect(first.get(`${prefix}.queue`)).toMatchObject({ kind: 'sum', unit: '{item}', isMonotonic: false, value: -5, temporality: 'cumulative' });
  expect(first.get(`${prefix}.load`)).toMatchObject({ kind: 'gauge', unit: '1', value: 0.75 });

  const second = pointsOfRequest(1);
  if (preference === 'delta') {
    expect(second.get(`${prefix}.requests`)).toMatchObject({ value: 2, temporality: 'delta' });
    expect(second.get(`${prefix}.duration`)).toMatchObject({ count: 1, sum: 4, temporality: 'delta' });
    expect(second.get(`${prefix}.cpu_time`)).toMatchObject({ value: 30, temporality: 'delta' });
  } else {
    expect(second.get(`${prefix}.requests`)).toMatchObject({ value: 10, temporality: 'cumulative' });
    expect(second.get(`${prefix}.duration`)).toMatchObject({ count: 4, sum: 312, temporality: 'cumulative' });
    expect(second.get(`${prefix}.cpu_time`)).toMatchObject({ value: 130, temporality: 'cumulative' });
  }
  expect(second.get(`${prefix}.active`)).toMatchObject({ value: 7, temporality: 'cumulative' });
}

const matrix: ['gzip' | 'none', Temporality][] = [
  ['none', 'cumulative'],
  ['none', 'delta'],
  ['gzip', 'cumulative'],
  ['gzip', 'delta'],
];

describe.each(matrix)('compression %s, %s preference, behind meterkit', (compression, temporality) => {
  it('delivers all seven instrument kinds over two collections', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-tenant', 't1');
    const exporter = new OTLPMetricExporter({ url: `http://${sink.grpcAddress}`, compression, temporalityPreference: temporality, metadata });
    const provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
    const work = recordAllKinds(provider.getMeter('e2e', '0.0.1'), 'app');
    await provider.forceFlush();
    work.recordMore();
    await provider.forceFlush();
    await provider.shutdown();

    expect(sink.requests[0]).toMatchObject({
      transport: 'grpc',
      path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      encoding: 'protobuf',
      compressed: compression === 'gzip',
      accepted: true,
    });
    expect(sink.requests[0].headers['x-tenant']).toBe('t1');
    // The version comes from package.json, so it follows releases.
    expect(sink.requests[0].headers['user-agent'].split(' ')[0]).toBe(`meterkit-otlp-grpc/${require('../package.json').version}`);
    checkRounds('app', temporality);
  });
});

describe.each(['cumulative', 'delta'] as const)('behind the official @opentelemetry/sdk-metrics reader, %s preference', (temporality) => {
  it('delivers all seven instrument kinds over two collections', async () => {
    const exporter = new OTLPMetricExporter({ url: `http://${sink.grpcAddress}`, temporalityPreference: temporality });
    const reader = new otel.PeriodicExportingMetricReader({ exporter: exporter as unknown as otel.PushMetricExporter, exportIntervalMillis: 60_000 });
    const provider = new otel.MeterProvider({ resource, readers: [reader] });
    const work = recordAllKinds(provider.getMeter('e2e', '0.0.1'), 'official');
    await provider.forceFlush();
    work.recordMore();
    await provider.forceFlush();
    await provider.shutdown();
    checkRounds('official', temporality);
  });
});
