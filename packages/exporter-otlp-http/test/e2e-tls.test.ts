// HTTPS with a CA made for this run: trusted through httpAgentOptions or the certificate
// variables, mTLS with a client certificate, and an untrusted server refused without retries.
import { ExportResultCode } from '@opentelemetry/core';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { exportThenShutdown, withEnv } from '../../otlp-exporter-base/test/support/helpers';
import { tlsSinksPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import type { TestPki } from '../../otlp-exporter-base/test/support/tls';

let pki: TestPki;
let sink: OtlpSink;
let mtlsSink: OtlpSink;
tlsSinksPerFile((tls) => startOtlpSink({ grpcPort: null, tls }), (started) => ({ pki, tlsSink: sink, mtlsSink } = started));

const exportWith = (exporter: OTLPMetricExporter) => exportThenShutdown(exporter, sumMetrics(1, 1));

it('exports over HTTPS trusting the test CA from httpAgentOptions', async () => {
  expect(sink.httpUrl).toMatch(/^https:/);
  const result = await exportWith(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, httpAgentOptions: { ca: pki.ca } }));
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(sink.requests.at(-1)?.accepted).toBe(true);
});

it('uses OTEL_EXPORTER_OTLP_* certificate variables for mTLS', async () => {
  const exporter = withEnv(
    {
      OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: pki.file('ca.crt'),
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: pki.file('client.crt'),
      OTEL_EXPORTER_OTLP_CLIENT_KEY: pki.file('client.key'),
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${mtlsSink.httpUrl}/v1/metrics`,
    },
    () => new OTLPMetricExporter(),
  );
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
