// What only OTLP/HTTP has: which HTTP statuses are retried, and what a request looks like on
// the wire (path, encodings, content type, gzip, headers, User-Agent).
import { ExportResultCode } from '@opentelemetry/core';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, OTLPExporterError, type OTLPMetricExporterOptions } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { exportOnce, FAST_RETRY } from '../../otlp-exporter-base/test/support/helpers';
import { shutDownAfterEach, sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import { sendWorkloadOnce } from '../../otlp-exporter-base/test/support/otlp-suite';

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ grpcPort: null }), (started) => (sink = started));
const track = shutDownAfterEach<OTLPMetricExporter>();

function exporter(options: OTLPMetricExporterOptions = {}): OTLPMetricExporter {
  return track(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, retry: FAST_RETRY, ...options }));
}

describe('HTTP status rules', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i and then succeeds', async (status) => {
    sink.enqueue({ httpStatus: status });
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
    expect(sink.requests.map((r) => r.accepted)).toEqual([false, true]);
  });

  it.each([400, 401, 403, 404, 413, 500])('fails at once on HTTP %i with the status on the error', async (status) => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ httpStatus: status });
      const result = await exportOnce(exporter(), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error).toBeInstanceOf(OTLPExporterError);
      expect((result.error as OTLPExporterError).code).toBe(status);
      expect(sink.attempts).toBe(1);
      expect(diagLog.errors().join('\n')).toContain(`HTTP status ${status}`);
    } finally {
      diagLog.restore();
    }
  });
});

const requestMatrix: Array<[NonNullable<OTLPMetricExporterOptions['protocol']>, 'gzip' | 'none']> = [];
for (const protocol of ['http/protobuf', 'http/json'] as const) for (const compression of ['none', 'gzip'] as const) requestMatrix.push([protocol, compression]);

it.each(requestMatrix)('sends %s requests, compression %s, to /v1/metrics with its headers and User-Agent', async (protocol, compression) => {
  const e = exporter({ protocol, compression, headers: { 'x-tenant': 't1' } });
  const request = await sendWorkloadOnce(e, sink);
  expect(request).toMatchObject({
    transport: 'http',
    path: '/v1/metrics',
    encoding: protocol === 'http/json' ? 'json' : 'protobuf',
    compressed: compression === 'gzip',
    accepted: true,
  });
  expect(request.headers['x-tenant']).toBe('t1');
  expect(request.headers['content-type']).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
  // The version comes from package.json, so it follows releases.
  expect(request.headers['user-agent'].split(' ')[0]).toBe(`meterkit-otlp-http/${require('../package.json').version}`);
});
