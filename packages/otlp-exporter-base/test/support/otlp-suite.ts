// What the OTLP/HTTP and OTLP/gRPC exporters share, tested once for both through each package's
// public OTLPMetricExporter against a real receiver (@meterkit/otlp-sink): the push exporter
// conformance suite of @meterkit/sdk-metrics-core/testing, then the OTLP behaviour both
// transports get from this package (retries, Retry-After/RetryInfo, timeouts, partial success,
// shutdown, concurrency, splitting, the official SDK's reader in front). What differs per
// transport (status tables, headers/metadata, TLS) stays in each package's own test files.
//
// The sink is typed structurally, so this package needs no dependency on @meterkit/otlp-sink.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ExportResultCode } from '@opentelemetry/core';
import * as otel from '@opentelemetry/sdk-metrics';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@meterkit/sdk-metrics-core';
import {
  assertWorkloadRound,
  captureDiag,
  exporterConformanceSuite,
  recordWorkload,
  WORKLOAD_ATTRIBUTES,
  WORKLOAD_RESOURCE,
  WORKLOAD_SCOPE,
  type ConformancePoint,
} from '@meterkit/sdk-metrics-core/testing';
import { sumMetrics } from './fixtures';
import { exportOnce, FAST_RETRY, reserveClosedPort, waitUntil } from './helpers';
import { shutDownAfterEach, sinkPerFile } from './lifecycle';

/** The sink's SinkBehaviour fields these tests use (see @meterkit/otlp-sink's types.ts for their meaning). */
type SinkBehaviour = Partial<Record<'httpStatus' | 'retryAfterSeconds' | 'delayMs', number> & Record<'dropConnection' | 'malformedResponse', boolean>> & {
  partialSuccess?: { rejectedDataPoints: number; errorMessage: string };
};

/** The parts of @meterkit/otlp-sink's OtlpSink these tests use. */
export interface Sink {
  readonly requests: Array<{ index: number; accepted: boolean }>;
  readonly attempts: number;
  points(): Array<ConformancePoint & { requestIndex: number; scopeName: string; resource: Record<string, unknown> }>;
  enqueue(...behaviours: SinkBehaviour[]): void;
  setDefaultBehaviour(behaviour: SinkBehaviour | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

/** Options both OTLPMetricExporter classes take under the same names. */
export interface CommonOptions {
  url?: string;
  timeoutMillis?: number;
  retry?: { initialBackoffMillis?: number; maxBackoffMillis?: number };
  concurrencyLimit?: number;
  maxExportBatchSize?: number;
  temporalityPreference?: 'cumulative' | 'delta' | 'lowmemory';
}

export type TestExporter = PushMetricExporter & { shutdown(options?: { timeoutMillis?: number }): Promise<void> };

export interface OtlpTransportUnderTest<S extends Sink> {
  /** e.g. "OTLP/HTTP exporter (http/protobuf)". */
  name: string;
  /** Starts a receiver for this transport only, on `port` when given. */
  startSink(port?: number): Promise<S>;
  /** The exporter's `url` for a receiver, or for a loopback port with nothing on it. */
  url(target: S | number): string;
  create(options: CommonOptions): TestExporter;
  /** How the transport words a failure because the receiver did not answer in time. */
  timeoutMessage: RegExp;
  /**
   * Backoff while the receiver is down. gRPC needs the default: grpc-js itself waits about 1 s
   * before reconnecting, so a fast backoff spends every attempt before the channel tries again.
   */
  backoffWhileDown: CommonOptions['retry'] | undefined;
}

/**
 * Sends the conformance workload (all seven instrument kinds) in one export and returns the one
 * request the sink received, after checking that every point decoded. For the transport files'
 * request-shape tests; the values are the conformance suite's business.
 */
export async function sendWorkloadOnce<R>(exporter: TestExporter, sink: { requests: R[]; points(): Array<{ kind: string }> }): Promise<R> {
  const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
  recordWorkload(provider.getMeter('e2e'));
  await provider.shutdown();
  expect(sink.requests).toHaveLength(1);
  expect(sink.points()).toHaveLength(7);
  expect(new Set(sink.points().map((p) => p.kind))).toEqual(new Set(['sum', 'gauge', 'histogram']));
  return sink.requests[0];
}

/** Defines the conformance suite and the shared OTLP behaviour tests for one transport. */
export function otlpExporterSuites<S extends Sink>(t: OtlpTransportUnderTest<S>): void {
  exporterConformanceSuite({
    name: t.name,
    async create({ behaviour, temporalityPreference, timeoutMillis }) {
      const sink = await t.startSink();
      if (behaviour === 'hang') sink.setDefaultBehaviour({ delayMs: 600_000 });
      if (behaviour === 'reject') sink.setDefaultBehaviour({ httpStatus: 400 });
      const url = behaviour === 'unreachable' ? t.url(await reserveClosedPort()) : t.url(sink);
      const exporter = t.create({ url, temporalityPreference, timeoutMillis, retry: FAST_RETRY });
      return { exporter, received: () => sink.points(), close: () => sink.close() };
    },
  });

  describe(`${t.name}: OTLP behaviour`, () => {
    let sink: S;
    sinkPerFile(() => t.startSink(), (started) => (sink = started));
    const track = shutDownAfterEach<TestExporter>();
    const exporter = (options: CommonOptions = {}) => track(t.create({ url: t.url(sink), retry: FAST_RETRY, ...options }));
    let diagLog: ReturnType<typeof captureDiag>;
    beforeEach(() => (diagLog = captureDiag()));
    afterEach(() => diagLog.restore());

    describe('retries', () => {
      it('retries a dropped connection', async () => {
        sink.enqueue({ dropConnection: true });
        expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
        expect(sink.attempts).toBe(2);
        expect(sink.requests.map((r) => r.accepted)).toEqual([false, true]);
      });

      it('gives up after 5 attempts', async () => {
        sink.setDefaultBehaviour({ httpStatus: 503 });
        const result = await exportOnce(exporter(), sumMetrics(1, 1));
        expect(result.code).toBe(ExportResultCode.FAILED);
        expect(result.error?.message).toMatch(/gave up after 5 attempts/);
        expect(sink.attempts).toBe(5);
        expect(diagLog.errors().join('\n')).toMatch(/export failed, data dropped/);
      });

      it('waits the delay the server asks for (Retry-After, RetryInfo)', async () => {
        sink.enqueue({ httpStatus: 429, retryAfterSeconds: 1 });
        const start = Date.now();
        expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
        expect(sink.attempts).toBe(2);
        expect(Date.now() - start).toBeGreaterThanOrEqual(900);
      });

      it('gives up at once when the delay the server asks for passes the export timeout', async () => {
        sink.enqueue({ httpStatus: 503, retryAfterSeconds: 30 });
        const result = await exportOnce(exporter({ timeoutMillis: 2000 }), sumMetrics(1, 1));
        expect(result.code).toBe(ExportResultCode.FAILED);
        expect(result.error?.message).toMatch(/past the export timeout/);
        expect(sink.attempts).toBe(1);
      });

      it('reaches a receiver that is down at first and comes up while retrying', async () => {
        const port = await reserveClosedPort();
        const pending = exportOnce(exporter({ url: t.url(port), retry: t.backoffWhileDown }), sumMetrics(1, 1));
        await new Promise((r) => setTimeout(r, 200));
        const late = await t.startSink(port);
        try {
          expect((await pending).code).toBe(ExportResultCode.SUCCESS);
          expect(late.requests).toHaveLength(1);
        } finally {
          await late.close();
        }
      });
    });

    it('fails an export the receiver does not answer within timeoutMillis', async () => {
      sink.enqueue({ delayMs: 3000 });
      const result = await exportOnce(exporter({ timeoutMillis: 300 }), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(t.timeoutMessage);
    });

    describe('partial success', () => {
      it('is reported once per export through diag, added up over split requests, and does not fail the export', async () => {
        const partialSuccess = { rejectedDataPoints: 2, errorMessage: 'points too old' };
        sink.enqueue({ partialSuccess }, { partialSuccess });
        const result = await exportOnce(exporter({ maxExportBatchSize: 2 }), sumMetrics(1, 4));
        expect(result.code).toBe(ExportResultCode.SUCCESS);
        expect(sink.attempts).toBe(2);
        expect(diagLog.warnings()).toEqual([expect.stringMatching(/partial success, the backend rejected 4 data points: points too old; points too old/)]);
      });

      it('treats an unreadable success answer as success with a warning', async () => {
        sink.enqueue({ malformedResponse: true });
        expect((await exportOnce(exporter(), sumMetrics(1, 1))).code).toBe(ExportResultCode.SUCCESS);
        expect(sink.attempts).toBe(1);
        expect(diagLog.warnings()).toEqual([expect.stringMatching(/accepted the export but its response could not be parsed/)]);
      });
    });

    describe('shutdown', () => {
      it('aborts a slow export after its timeout and refuses exports afterwards', async () => {
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

    it('fails an export at the concurrency limit at once; forceFlush waits for the one in flight', async () => {
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
    });

    it('splits a large export into requests of at most maxExportBatchSize points', async () => {
      expect((await exportOnce(exporter({ maxExportBatchSize: 5 }), sumMetrics(3, 4, 2))).code).toBe(ExportResultCode.SUCCESS);
      const perRequest = sink.requests.map((r) => sink.points().filter((p) => p.requestIndex === r.index).length);
      expect(perRequest).toEqual([5, 5, 5, 5, 4]);
      const received = sink.points().map((p) => `${p.scopeName}/${p.name}/${p.value}`).sort();
      const sent = [0, 1].flatMap((s) => [0, 1, 2].flatMap((m) => [0, 1, 2, 3].map((v) => `scope${s}/s${s}.m${m}/${v}`))).sort();
      expect(received).toEqual(sent);
      for (const p of sink.points()) expect(p.resource['service.name']).toBe('test');
    });

    it.each(['cumulative', 'delta'] as const)('delivers all seven instrument kinds behind the official @opentelemetry/sdk-metrics reader (%s preference)', async (preference) => {
      const e = exporter({ temporalityPreference: preference });
      // The exporter's types come from meterkit's data model, structurally identical to the official SDK's.
      const reader = new otel.PeriodicExportingMetricReader({ exporter: e as unknown as otel.PushMetricExporter, exportIntervalMillis: 60_000 });
      const provider = new otel.MeterProvider({ resource: resourceFromAttributes(WORKLOAD_RESOURCE), readers: [reader] });
      const recordRoundTwo = recordWorkload(provider.getMeter(WORKLOAD_SCOPE));
      await provider.forceFlush();
      const first = sink.points();
      assertWorkloadRound(first, e, 1);
      recordRoundTwo();
      await provider.forceFlush();
      assertWorkloadRound(sink.points().slice(first.length), e, 2);
      await provider.shutdown();
    });

    it('sends base2 exponential histograms when OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION asks for them', async () => {
      const saved = process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION;
      process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION = 'base2_exponential_bucket_histogram';
      let e: TestExporter;
      try {
        e = exporter();
      } finally {
        if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION;
        else process.env.OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION = saved;
      }
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: e, exportIntervalMillis: 60_000 })] });
      const histogram = provider.getMeter('e2e').createHistogram('latency', { unit: 's' });
      for (const v of [0.5, 1, 2, 4]) histogram.record(v, WORKLOAD_ATTRIBUTES);
      await provider.shutdown();
      expect(sink.points().find((p) => p.name === 'latency')).toMatchObject({ kind: 'exponentialHistogram', count: 4, sum: 7.5, min: 0.5, max: 4, attributes: WORKLOAD_ATTRIBUTES });
    });
  });
}
