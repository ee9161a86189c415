// HTTPS with a CA made for this run: trusted through httpAgentOptions or the certificate
// variables, mTLS with a client certificate, and an untrusted server refused without retries.
import { ExportResultCode } from '@opentelemetry/core';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';
import { sumMetrics } from './fixtures';
import { captureDiag, exportOnce } from './helpers';
import { makeTestPki, type TestPki } from './tls';

let pki: TestPki;
let sink: OtlpSink;
let mtlsSink: OtlpSink;
beforeAll(async () => {
  pki = makeTestPki();
  sink = await startOtlpSink({ grpcPort: null, tls: { key: pki.serverKey, cert: pki.serverCert } });
  mtlsSink = await startOtlpSink({ grpcPort: null, tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requireClientCert: true } });
});
afterAll(async () => {
  await Promise.all([sink.close(), mtlsSink.close()]);
  pki.remove();
});

async function exportWith(exporter: OTLPMetricExporter) {
  try {
    return await exportOnce(exporter, sumMetrics(1, 1));
  } finally {
    await exporter.shutdown();
  }
}

it('exports over HTTPS trusting the test CA from httpAgentOptions', async () => {
  expect(sink.httpUrl).toMatch(/^https:/);
  const result = await exportWith(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, httpAgentOptions: { ca: pki.ca } }));
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(sink.requests.at(-1)?.accepted).toBe(true);
});

it('uses OTEL_EXPORTER_OTLP_* certificate variables for mTLS', async () => {
  const saved = { ...process.env };
  process.env.OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE = pki.file('ca.crt');
  process.env.OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE = pki.file('client.crt');
  process.env.OTEL_EXPORTER_OTLP_CLIENT_KEY = pki.file('client.key');
  process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${mtlsSink.httpUrl}/v1/metrics`;
  let exporter: OTLPMetricExporter;
  try {
    exporter = new OTLPMetricExporter();
  } finally {
    process.env = saved;
  }
  expect((await exportWith(exporter)).code).toBe(ExportResultCode.SUCCESS);
  expect(mtlsSink.requests).toHaveLength(1);
});

it('is refused by an mTLS receiver without a client certificate', async () => {
  const diagLog = captureDiag();
  try {
    const exporter = new OTLPMetricExporter({ url: `${mtlsSink.httpUrl}/v1/metrics`, httpAgentOptions: { ca: pki.ca }, timeoutMillis: 1500, retry: { initialBackoffMillis: 20, maxBackoffMillis: 50 } });
    expect((await exportWith(exporter)).code).toBe(ExportResultCode.FAILED);
  } finally {
    diagLog.restore();
  }
});

it('fails at once, without retrying, against a server it does not trust', async () => {
  const diagLog = captureDiag();
  try {
    const result = await exportWith(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics` }));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/certificate/i);
    // A final failure comes back as is; a retried one would say "gave up after N attempts".
    expect(result.error?.message).not.toMatch(/gave up/);
  } finally {
    diagLog.restore();
  }
});
