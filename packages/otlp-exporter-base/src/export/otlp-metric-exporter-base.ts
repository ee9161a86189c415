// The export pipeline both OTLP exporters share: concurrency limit, splitting into requests of
// bounded size, serialization, retries, partial-success reporting, flush and shutdown. The
// HTTP and gRPC packages only supply a transport and their configuration.
import { diag } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode, reportDroppedData } from '@meterkit/sdk-metrics-core';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import type { SharedConfiguration } from '../config/shared-configuration';
import { OTLPExporterError } from '../errors';
import { sendWithRetry } from '../retry/retrying-sender';
import type { ExporterTransport } from '../transport/transport';
import { splitResourceMetrics } from './batch-splitter';
import type { MetricsSerializer } from './serializer';

/** How long shutdown() still waits for aborted exports to settle (transports react at once). */
const ABORT_GRACE_MILLIS = 1000;

/** Options of an OTLP exporter's `shutdown()`. */
export interface ShutdownOptions {
  /** How long to wait for exports in flight before aborting them (default: the export timeout). */
  timeoutMillis?: number;
}

/** The transport-independent OTLP metric exporter: serializes, splits batches, limits concurrency, retries through the transport and reports partial success; the HTTP and gRPC exporters extend it. */
export class OTLPMetricExporterBase implements PushMetricExporter {
  private readonly _inFlight = new Set<Promise<void>>();
  private readonly _abort = new AbortController();
  private _shutdownPromise?: Promise<void>;

  constructor(
    private readonly _config: SharedConfiguration,
    private readonly _transport: ExporterTransport,
    private readonly _serializer: MetricsSerializer,
    /** Names the exporter in errors and diag messages, e.g. "OTLP/HTTP metric exporter". */
    private readonly _name: string,
  ) {}

  /** Exports one collection: splits it into batches, serializes and sends each with retries; calls `resultCallback` once, when every batch has settled. */
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this._shutdownPromise !== undefined) {
      safeCallback(resultCallback, { code: ExportResultCode.FAILED, error: new OTLPExporterError(`${this._name} is shut down; export dropped`) });
      return;
    }
    if (this._inFlight.size >= this._config.concurrencyLimit) {
      const error = new OTLPExporterError(
        `${this._name}: ${this._inFlight.size} exports already in flight (concurrencyLimit ${this._config.concurrencyLimit}); export dropped. The backend is slower than the export interval.`,
      );
      reportDroppedData(error.message);
      safeCallback(resultCallback, { code: ExportResultCode.FAILED, error });
      return;
    }
    const pending: Promise<void> = this._export(metrics).then((result) => {
      this._inFlight.delete(pending);
      if (result.code !== ExportResultCode.SUCCESS && !this._abort.signal.aborted) {
        reportDroppedData(`${this._name}: export failed, data dropped: ${result.error?.message}`);
      }
      safeCallback(resultCallback, result);
    });
    this._inFlight.add(pending);
  }

  private async _export(metrics: ResourceMetrics): Promise<ExportResult> {
    let rejectedDataPoints = 0;
    const messages: string[] = [];
    try {
      for (const batch of splitResourceMetrics(metrics, this._config.maxExportBatchSize)) {
        // Sliced: a large request gives the event loop a turn every few milliseconds.
        const data = this._serializer.encodeRequest !== undefined ? await this._serializer.encodeRequest(batch) : this._serializer.serializeRequest(batch);
        if (data === undefined) throw new OTLPExporterError(`${this._name}: the metrics could not be serialized`);
        const response = await sendWithRetry(this._transport, data, {
          timeoutMillis: this._config.timeoutMillis,
          policy: this._config.retry,
          signal: this._abort.signal,
        });
        // A failed request fails the export; the remaining batches would meet the same backend.
        if (response.status === 'failure') return { code: ExportResultCode.FAILED, error: response.error };
        const partial = this._partialSuccess(response.data);
        if (partial !== undefined) {
          rejectedDataPoints += partial.rejected;
          if (partial.message) messages.push(partial.message);
        }
      }
    } catch (error) {
      return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
    }
    // Partial success is a warning, not a failure: the accepted data must not be re-sent.
    if (rejectedDataPoints > 0 || messages.length > 0) {
      diag.warn(
        `${this._name}: partial success, the backend rejected ${rejectedDataPoints} data point${rejectedDataPoints === 1 ? '' : 's'}${messages.length ? `: ${messages.join('; ')}` : ''}`,
      );
    }
    return { code: ExportResultCode.SUCCESS };
  }

  private _partialSuccess(data: Uint8Array | undefined): { rejected: number; message?: string } | undefined {
    if (data === undefined || data.length === 0) return undefined;
    let partialSuccess;
    try {
      partialSuccess = this._serializer.deserializeResponse(data).partialSuccess;
    } catch (error) {
      // The request was accepted (success status); only the report of what was kept is unreadable.
      diag.warn(`${this._name}: the backend accepted the export but its response could not be parsed: ${(error as Error).message}`);
      return undefined;
    }
    if (partialSuccess == null) return undefined;
    const rejected = Number(partialSuccess.rejectedDataPoints ?? 0);
    const message = partialSuccess.errorMessage || undefined;
    if (rejected === 0 && message === undefined) return undefined;
    return { rejected: Number.isFinite(rejected) ? rejected : 0, message };
  }

  /** Resolves once every export in flight has settled (each is bounded by its timeout). */
  async forceFlush(): Promise<void> {
    await Promise.all([...this._inFlight]);
  }

  /**
   * Refuses new exports, waits for the ones in flight up to `timeoutMillis`, then aborts them
   * and releases the transport. Calling it again returns the same promise.
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    this._shutdownPromise ??= this._shutdown(options?.timeoutMillis ?? this._config.timeoutMillis);
    return this._shutdownPromise;
  }

  private async _shutdown(timeoutMillis: number): Promise<void> {
    const inFlight = [...this._inFlight];
    if (inFlight.length > 0 && !(await settlesWithin(Promise.all(inFlight), timeoutMillis))) {
      diag.warn(`${this._name}: shutdown aborts ${this._inFlight.size} export(s) still in flight after ${timeoutMillis} ms`);
      this._abort.abort();
      await settlesWithin(Promise.all([...this._inFlight]), ABORT_GRACE_MILLIS);
    }
    this._transport.shutdown();
  }

  /** The temporality of the configured temporality preference. */
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this._config.temporalitySelector(instrumentType);
  }

  /** The aggregation of the configured default histogram aggregation. */
  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this._config.aggregationSelector(instrumentType);
  }
}

function safeCallback(callback: (result: ExportResult) => void, result: ExportResult): void {
  try {
    callback(result);
  } catch (error) {
    diag.error('OTLP metric exporter: the export result callback threw', error);
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    // Not unref'd: shutdown() is awaited by the caller and must not end in a silent exit.
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
