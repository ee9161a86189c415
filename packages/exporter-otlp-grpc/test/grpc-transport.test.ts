// What only OTLP/gRPC has: which status codes are retried (RESOURCE_EXHAUSTED only with
// RetryInfo), and what a call looks like (method path, gzip, metadata, User-Agent).
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, OTLPExporterError, type OTLPMetricExporterOptions } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { exportOnce, FAST_RETRY } from '../../otlp-exporter-base/test/support/helpers';
import { shutDownAfterEach, sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import { sendWorkloadOnce } from '../../otlp-exporter-base/test/support/otlp-suite';

const Code = {
  CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8, ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
} as const;

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ httpPort: null }), (started) => (sink = started));
const track = shutDownAfterEach<OTLPMetricExporter>();

function exporter(options: OTLPMetricExporterOptions = {}): OTLPMetricExporter {
  return track(new OTLPMetricExporter({ url: `http://${sink.grpcAddress}`, retry: FAST_RETRY, ...options }));
}

describe('status code rules', () => {
  let diagLog: ReturnType<typeof captureDiag>;
  beforeEach(() => (diagLog = captureDiag()));
  afterEach(() => diagLog.restore());

  it.each(['CANCELLED', 'DEADLINE_EXCEEDED', 'ABORTED', 'OUT_OF_RANGE', 'UNAVAILABLE', 'DATA_LOSS'] as const)('retries %s and then succeeds', async (name) => {
    sink.enqueue({ grpcCode: Code[name] });
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
  });

  it.each(['UNKNOWN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'PERMISSION_DENIED', 'UNIMPLEMENTED', 'INTERNAL', 'UNAUTHENTICATED'] as const)(
    'fails at once on %s with the code on the error',
    async (name) => {
      sink.enqueue({ grpcCode: Code[name] });
      const result = await exportOnce(exporter(), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error).toBeInstanceOf(OTLPExporterError);
      expect((result.error as OTLPExporterError).code).toBe(Code[name]);
      expect(sink.attempts).toBe(1);
    },
  );

  it('fails at once on RESOURCE_EXHAUSTED without RetryInfo', async () => {
    sink.enqueue({ grpcCode: Code.RESOURCE_EXHAUSTED });
    expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.FAILED);
    expect(sink.attempts).toBe(1);
  });
});

it.each(['none', 'gzip'] as const)('calls the Export method, compression %s, with its metadata and User-Agent', async (compression) => {
  const metadata = new grpc.Metadata();
  metadata.set('x-tenant', 't1');
  const e = exporter({ compression, metadata });
  const request = await sendWorkloadOnce(e, sink);
  expect(request).toMatchObject({
    transport: 'grpc',
    path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
    encoding: 'protobuf',
    compressed: compression === 'gzip',
    accepted: true,
  });
  expect(request.headers['x-tenant']).toBe('t1');
  // The version comes from package.json, so it follows releases.
  expect(request.headers['user-agent'].split(' ')[0]).toBe(`meterkit-otlp-grpc/${require('../package.json').version}`);
});
