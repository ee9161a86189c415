// Failure handling against a real receiver: retry rules, Retry-After, timeout, partial
// success, malformed answers, receiver down, shutdown during export, concurrency, splitting.
import { ExportResultCode } from '@opentelemetry/core';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, OTLPExporterError, type OTLPMetricExporterOptions } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { captureDiag, exportOnce, FAST_RETRY, reserveClosedPort, waitUntil } from '../../otlp-exporter-base/test/support/helpers';
import { shutDownAfterEach, sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ grpcPort: null }), (started) => (sink = started));
const track = shutDownAfterEach<OTLPMetricExporter>();

function exporter(options: OTLPMetricExporterOptions = {}): OTLPMetricExporter {
  return track(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, retry: FAST_RETRY, ...options }));
}

describe('retry rules', () => {
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

  it('retries a dropped connection', async () => {
    sink.enqueue({ dropConnection: true });
    expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
  });

  it('gives up after 5 attempts', async () => {
    sink.setDefaultBehaviour({ httpStatus: 503 });
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/gave up after 5 attempts/);
    expect(sink.attempts).toBe(5);
  });
});

describe('Retry-After', () => {
  it('waits the delay the server asks for', async () => {
    sink.enqueue({ httpStatus: 429, retryAfterSeconds: 1 });
    const start = Date.now();
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
  });

  it('gives up at once when the delay would pass the export timeout', async () => {
    sink.enqueue({ httpStatus: 503, retryAfterSeconds: 30 });
    const start = Date.now();
    const result = await exportOnce(exporter({ timeoutMillis: 2000 }), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/past the export timeout/);
    expect(sink.attempts).toBe(1);
    expect(Date.now() - start).toBeLessThan(1500);
  });
});

it('fails an export the receiver does not answer within timeoutMillis', async () => {
  sink.enqueue({ delayMs: 3000 });
  const start = Date.now();
  const result = await exportOnce(exporter({ timeoutMillis: 300 }), sumMetrics(1, 1));
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toMatch(/timed out after/);
  expect(Date.now() - start).toBeLessThan(2000);
});

describe('partial success', () => {
  it('is reported once per export through diag and does not fail the export', async () => {
    const diagLog = captureDiag();
    try {
      const partialSuccess = { rejectedDataPoints: 2, errorMessage: 'points too old' };
      sink.enqueue({ partialSuccess }, { partialSuccess });
      // Two requests (split), one warning adding both up.
      const result = await exportOnce(exporter({ maxExportBatchSize: 2 }), sumMetrics(1, 4));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(sink.attempts).toBe(2);
      expect(diagLog.warnings()).toEqual([expect.stringMatching(/partial success, the backend rejected 4 data points: points too old; points too old/)]);
    } finally {
      diagLog.restore();
    }
  });

  it('treats an unreadable success answer as success with a warning', async () => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ malformedResponse: true });
      expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
      expect(sink.attempts).toBe(1);
      expect(diagLog.warnings()).toEqual([expect.stringMatching(/accepted the export but its response could not be parsed/)]);
    } finally {
      diagLog.restore();
    }
  });
});

it('reaches a receiver that is down at first and comes up while retrying', async () => {
  const port = await reserveClosedPort();
  const e = exporter({ url: `http://127.0.0.1:${port}/v1/metrics`, retry: { initialBackoffMillis: 150, maxBackoffMillis: 300 } });
  const pending = exportOnce(e, sumMetrics(1, 1));
  await new Promise((r) => setTimeout(r, 200));
  const late = await startOtlpSink({ httpPort: port, grpcPort: null });
  try {
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(late.requests).toHaveLength(1);
  } finally {
    await late.close();
  }
});

describe('shutdown', () => {
  it('aborts a slow export after its timeout and refuses exports afterwards', async () => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ delayMs: 5000 });
      const e = exporter();
      const pending = exportOnce(e, sumMetrics(1, 1));
      await waitUntil(() => sink.attempts === 1);
      const start = Date.now();
      await e.shutdown({ timeoutMillis: 200 });
      expect(Date.now() - start).toBeLessThan(2000);
      expect((await pending).code).toBe(ExportResultCode.FAILED);
      const after = await exportOnce(e, sumMetrics(1, 1));
      expect(after.code).toBe(ExportResultCode.FAILED);
      expect(after.error?.message).toMatch(/shut down/);
      expect(sink.attempts).toBe(1);
    } finally {
      diagLog.restore();
    }
  });

  it('lets an export in flight finish when it does so within the timeout', async () => {
    sink.enqueue({ delayMs: 200 });
    const e = exporter();
    const pending = exportOnce(e, sumMetrics(1, 1));
    await waitUntil(() => sink.attempts === 1);
    await e.shutdown({ timeoutMillis: 5000 });
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
  });
});

describe('concurrency', () => {
  it('fails an export at the limit at once; forceFlush waits for the one in flight', async () => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ delayMs: 300 });
      const e = exporter({ concurrencyLimit: 1 });
      let firstDone = false;
      const first = exportOnce(e, sumMetrics(1, 1)).then((r) => ((firstDone = true), r));
      const second = await exportOnce(e, sumMetrics(1, 1));
      expect(second.code).toBe(ExportResultCode.FAILED);
      expect(second.error?.message).toMatch(/concurrencyLimit 1/);
      expect(firstDone).toBe(false);
      await e.forceFlush();
      expect(firstDone).toBe(true);
      expect((await first).code).toBe(ExportResultCode.SUCCESS);
      expect(sink.attempts).toBe(1);
    } finally {
      diagLog.restore();
    }
  });
});

it('splits a large export into requests of at most maxExportBatchSize points', async () => {
  const result = await exportOnce(exporter({ maxExportBatchSize: 5 }), sumMetrics(3, 4, 2));
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  expect(sink.requests).toHaveLength(5);
  const perRequest = sink.requests.map((r) => sink.points().filter((p) => p.requestIndex === r.index).length);
  expect(perRequest).toEqual([5, 5, 5, 5, 4]);
  const received = sink.points().map((p) => `${p.scopeName}/${p.name}/${p.value}`).sort();
  const sent = [0, 1].flatMap((s) => [0, 1, 2].flatMap((m) => [0, 1, 2, 3].map((v) => `scope${s}/s${s}.m${m}/${v}`))).sort();
  expect(received).toEqual(sent);
  for (const p of sink.points()) expect(p.resource['service.name']).toBe('test');
});
