// gRPC over TLS and mTLS with a CA made for this run, configured through the `credentials`
// option or the OTEL_EXPORTER_OTLP_* certificate variables.
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, type OTLPMetricExporterOptions } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { exportThenShutdown, withEnv } from '../../otlp-exporter-base/test/support/helpers';
import { tlsSinksPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import type { TestPki } from '../../otlp-exporter-base/test/support/tls';

let pki: TestPki;
let tlsSink: OtlpSink;
let mtlsSink: OtlpSink;
tlsSinksPerFile((tls) => startOtlpSink({ httpPort: null, tls }), (started) => ({ pki, tlsSink, mtlsSink } = started));

const exportWith = (exporter: OTLPMetricExporter) => exportThenShutdown(exporter, sumMetrics(1, 1));

it('exports over TLS (https:// endpoint) trusting the CA from OTEL_EXPORTER_OTLP_CERTIFICATE', async () => {
  const exporter = withEnv({ OTEL_EXPORTER_OTLP_CERTIFICATE: pki.file('ca.crt') }, () => new OTLPMetricExporter({ url: `https://${tlsSink.grpcAddress}` }));
  expect((await exportWith(exporter)).code).toBe(ExportResultCode.SUCCESS);
  expect(tlsSink.requests).toHaveLength(1);
});

it('exports over mTLS with credentials given as an option', async () => {
  const credentials = grpc.credentials.createSsl(pki.ca, pki.clientKey, pki.clientCert);
  expect((await exportWith(new OTLPMetricExporter({ url: mtlsSink.grpcAddress, credentials }))).code).toBe(ExportResultCode.SUCCESS);
});

it('exports over mTLS with the certificate variables and a scheme-less endpoint (secure unless INSECURE)', async () => {
  const exporter = withEnv(
    {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: mtlsSink.grpcAddress,
      OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: pki.file('ca.crt'),
      OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE: pki.file('client.crt'),
      OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY: pki.file('client.key'),
    },
    () => new OTLPMetricExporter(),
  );
  expect((await exportWith(exporter)).code).toBe(ExportResultCode.SUCCESS);
  expect(mtlsSink.requests.length).toBeGreaterThanOrEqual(2);
});

describe('refused connections', () => {
  const quick: OTLPMetricExporterOptions = { timeoutMillis: 1000, retry: { initialBackoffMillis: 20, maxBackoffMillis: 50 } };
  it('fails without a client certificate against an mTLS receiver', async () => {
    const diagLog = captureDiag();
    try {
      const credentials = grpc.credentials.createSsl(pki.ca);
      const before = mtlsSink.requests.length;
      expect((await exportWith(new OTLPMetricExporter({ ...quick, url: mtlsSink.grpcAddress, credentials }))).code).toBe(ExportResultCode.FAILED);
      expect(mtlsSink.requests.length).toBe(before);
    } finally {
      diagLog.restore();
    }
  });
  it('fails against a server whose certificate it does not trust', async () => {
    const diagLog = captureDiag();
    try {
      expect((await exportWith(new OTLPMetricExporter({ ...quick, url: `https://${tlsSink.grpcAddress}` }))).code).toBe(ExportResultCode.FAILED);
    } finally {
      diagLog.restore();
    }
  });
});
