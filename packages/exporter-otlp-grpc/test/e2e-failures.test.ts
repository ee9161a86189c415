// Failure handling over OTLP/gRPC against a real receiver: status code rules, RetryInfo,
// deadline, partial success, receiver down, shutdown during export, concurrency, splitting.
import { ExportResultCode } from '@opentelemetry/core';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, OTLPExporterError, type OTLPMetricExporterOptions } from '../src';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { captureDiag, exportOnce, FAST_RETRY, reserveClosedPort, waitUntil } from '../../otlp-exporter-base/test/support/helpers';
import { shutDownAfterEach, sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';

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
  it.each(['CANCELLED', 'DEADLINE_EXCEEDED', 'ABORTED', 'OUT_OF_RANGE', 'UNAVAILABLE', 'DATA_LOSS'] as const)('retries %s and then succeeds', async (name) => {
    sink.enqueue({ grpcCode: Code[name] });
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
  });

  it.each(['UNKNOWN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'PERMISSION_DENIED', 'UNIMPLEMENTED', 'INTERNAL', 'UNAUTHENTICATED'] as const)(
    'fails at once on %s with the code on the error',
    async (name) => {
      const diagLog = captureDiag();
      try {
        sink.enqueue({ grpcCode: Code[name] });
        const result = await exportOnce(exporter(), sumMetrics(1, 1));
        expect(result.code).toBe(ExportResultCode.FAILED);
        expect(result.error).toBeInstanceOf(OTLPExporterError);
        expect((result.error as OTLPExporterError).code).toBe(Code[name]);
        expect(sink.attempts).toBe(1);
      } finally {
        diagLog.restore();
      }
    },
  );

  it('fails at once on RESOURCE_EXHAUSTED without RetryInfo', async () => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ grpcCode: Code.RESOURCE_EXHAUSTED });
      const result = await exportOnce(exporter(), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(sink.attempts).toBe(1);
    } finally {
      diagLog.restore();
    }
  });

  it('retries RESOURCE_EXHAUSTED with RetryInfo after the delay it carries', async () => {
    sink.enqueue({ grpcCode: Code.RESOURCE_EXHAUSTED, retryAfterSeconds: 1 });
    const start = Date.now();
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
  });

  it('gives up at once when RetryInfo asks for more than the timeout allows', async () => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ grpcCode: Code.UNAVAILABLE, retryAfterSeconds: 30 });
      const result = await exportOnce(exporter({ timeoutMillis: 2000 }), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(/past the export timeout/);
      expect(sink.attempts).toBe(1);
    } finally {
      diagLog.restore();
    }
  });

  it('retries a reset stream', async () => {
    sink.enqueue({ dropConnection: true });
    expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
  });

  it('gives up after 5 attempts', async () => {
    const diagLog = captureDiag();
    try {
      sink.setDefaultBehaviour({ grpcCode: Code.UNAVAILABLE });
      const result = await exportOnce(exporter(), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(/UNAVAILABLE.*gave up after 5 attempts/);
      expect(sink.attempts).toBe(5);
    } finally {
      diagLog.restore();
    }
  });
});

it('fails a call the receiver does not answer before the deadline', async () => {
  const diagLog = captureDiag();
  try {
    sink.enqueue({ delayMs: 3000 });
    const start = Date.now();
    const result = await exportOnce(exporter({ timeoutMillis: 300 }), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/DEADLINE_EXCEEDED/);
    expect(Date.now() - start).toBeLessThan(2000);
  } finally {
    diagLog.restore();
  }
});

it('reports partial success once through diag without failing', async () => {
  const diagLog = captureDiag();
  try {
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 3, errorMessage: 'bad unit' } });
    expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(diagLog.warnings()).toEqual([expect.stringMatching(/rejected 3 data points: bad unit/)]);
  } finally {
    diagLog.restore();
  }
});

it('treats an unreadable OK answer as success with a warning', async () => {
  const diagLog = captureDiag();
  try {
    sink.enqueue({ malformedResponse: true });
    expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(1);
  } finally {
    diagLog.restore();
  }
});

it('reaches a receiver that is down at first and comes up while retrying', async () => {
  const port = await reserveClosedPort();
  // Default backoff: grpc-js also backs off reconnecting (about 1 s), so the fast one would
  // spend all its attempts before the channel tries again.
  const e = exporter({ url: `http://127.0.0.1:${port}`, retry: undefined });
  const pending = exportOnce(e, sumMetrics(1, 1));
  await new Promise((r) => setTimeout(r, 200));
  const late = await startOtlpSink({ grpcPort: port, httpPort: null });
  try {
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(late.requests).toHaveLength(1);
  } finally {
    await late.close();
  }
});

it('shutdown aborts a slow call after its timeout and refuses exports afterwards', async () => {
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
    expect(after.error?.message).toMatch(/shut down/);
    expect(sink.attempts).toBe(1);
  } finally {
    diagLog.restore();
  }
});

it('fails an export at the concurrency limit at once', async () => {
  const diagLog = captureDiag();
  try {
    sink.enqueue({ delayMs: 300 });
    const e = exporter({ concurrencyLimit: 1 });
    const first = exportOnce(e, sumMetrics(1, 1));
    const second = await exportOnce(e, sumMetrics(1, 1));
    expect(second.error?.message).toMatch(/concurrencyLimit 1/);
    await e.forceFlush();
    expect((await first).code).toBe(ExportResultCode.SUCCESS);
  } finally {
    diagLog.restore();
  }
});

it('splits a large export into calls of at most maxExportBatchSize points', async () => {
  expect((await exportOnce(exporter({ maxExportBatchSize: 4 }), sumMetrics(3, 3))).code).toBe(ExportResultCode.SUCCESS);
  expect(sink.requests.map((r) => sink.points().filter((p) => p.requestIndex === r.index).length)).toEqual([4, 4, 1]);
  expect(sink.points().map((p) => `${p.name}/${p.value}`).sort()).toEqual(
    [0, 1, 2].flatMap((m) => [0, 1, 2].map((v) => `s0.m${m}/${v}`)).sort(),
  );
});
