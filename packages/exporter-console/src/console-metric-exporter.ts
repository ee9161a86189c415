// ConsoleMetricExporter: prints every export it receives, for debugging and for seeing what
// a pipeline produces. It is a PushMetricExporter, so it goes behind a
// PeriodicExportingMetricReader (meterkit's or @opentelemetry/sdk-metrics').
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@meterkit/sdk-metrics-core';
import {
  AggregationTemporality,
  DEFAULT_AGGREGATION_SELECTOR,
  type AggregationSelector,
  type AggregationTemporalitySelector,
  type InstrumentType,
  type AggregationOption,
  type PushMetricExporter,
  type ResourceMetrics,
  rejectUnknownOptions,
} from '@meterkit/sdk-metrics-core';
import { OPTION_NAMES } from './option-names';
import { toOtlpDocument } from './otlp-document';
import { DEFAULT_SAFE_VALUE_LIMITS, type SafeValueLimits } from './safe-value';
import { renderExport, type ConsoleFormat } from './render';

/** What the exporter writes to: process.stdout, a file stream, a PassThrough in tests. */
export interface ConsoleMetricExporterStream {
  /** Writes one chunk of output; `callback` is called once it is written (or failed). */
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  /** Subscribes to the stream's `error` event, so a broken stream fails the export instead of the process. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Removes the `error` listener added with `on`. */
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

/** Options of {@link ConsoleMetricExporter}. */
export interface ConsoleMetricExporterOptions {
  /**
   * `pretty` (default): a header line, then the document indented over many lines, for people.
   * `json`: exactly one single-line JSON document per export, for `jq` and other programs.
   */
  format?: ConsoleFormat;
  /** One temporality for every instrument kind (default CUMULATIVE). Use either this or `temporalitySelector`. */
  temporality?: AggregationTemporality;
  /** Temporality per instrument kind, e.g. DELTA_TEMPORALITY_SELECTOR from @meterkit/sdk-metrics-core. */
  temporalitySelector?: AggregationTemporalitySelector;
  /** Aggregation per instrument kind (default: the SDK's default aggregation). */
  aggregationSelector?: AggregationSelector;
  /** Where output goes. Default process.stdout. */
  stream?: ConsoleMetricExporterStream;
  /** Attribute strings longer than this are cut, with a marker (default 2048). */
  maxStringLength?: number;
  /**
   * How long one export may wait for the stream to take its output (default 30000 ms). Past it
   * the export fails, so forceFlush() and shutdown() resolve even when the stream stalls (a pipe
   * whose reader stopped reading).
   */
  timeoutMillis?: number;
}

const DEFAULT_TIMEOUT_MILLIS = 30_000;

function fail(option: string, expected: string, got: unknown): never {
  let shown: string;
  try {
    shown = typeof got === 'string' ? JSON.stringify(got) : String(got);
  } catch {
    shown = typeof got;
  }
  throw new TypeError(`ConsoleMetricExporter option "${option}" must be ${expected}, got ${shown}`);
}

function checkOptions(options: ConsoleMetricExporterOptions): void {
  if (options === null || typeof options !== 'object') fail('options', 'an object', options);
  rejectUnknownOptions(options, OPTION_NAMES, 'ConsoleMetricExporter');
  const { format, temporality, temporalitySelector, aggregationSelector, stream, maxStringLength, timeoutMillis } = options;
  if (format !== undefined && format !== 'pretty' && format !== 'json') fail('format', '"pretty" or "json"', format);
  if (temporality !== undefined && temporality !== AggregationTemporality.CUMULATIVE && temporality !== AggregationTemporality.DELTA) {
    fail('temporality', 'AggregationTemporality.CUMULATIVE or AggregationTemporality.DELTA', temporality);
  }
  if (temporalitySelector !== undefined && typeof temporalitySelector !== 'function') {
    fail('temporalitySelector', 'a function (instrumentType) => AggregationTemporality', temporalitySelector);
  }
  if (temporality !== undefined && temporalitySelector !== undefined) {
    throw new TypeError('ConsoleMetricExporter options "temporality" and "temporalitySelector" exclude each other: give one of them');
  }
  if (aggregationSelector !== undefined && typeof aggregationSelector !== 'function') {
    fail('aggregationSelector', 'a function (instrumentType) => AggregationOption', aggregationSelector);
  }
  if (stream !== undefined && (stream === null || typeof stream.write !== 'function')) {
    fail('stream', 'a writable stream (an object with a write() method)', stream);
  }
  if (maxStringLength !== undefined && (!Number.isInteger(maxStringLength) || maxStringLength < 1)) {
    fail('maxStringLength', 'a positive integer', maxStringLength);
  }
  if (timeoutMillis !== undefined && (!Number.isFinite(timeoutMillis) || timeoutMillis <= 0)) {
    fail('timeoutMillis', 'a positive number of milliseconds', timeoutMillis);
  }
}

/** Push exporter that prints each export in the OTLP shape (resource, scope, metrics, points), pretty or as one JSON line, to stdout or any writable stream; never throws whatever the attribute values. */
export class ConsoleMetricExporter implements PushMetricExporter {
  private readonly format: ConsoleFormat;
  private readonly temporalitySelector: AggregationTemporalitySelector;
  private readonly aggregationSelector: AggregationSelector;
  private readonly stream: ConsoleMetricExporterStream;
  private readonly limits: SafeValueLimits;
  private readonly timeoutMillis: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly onStreamError = (error: Error): void => {
    // Without a listener, an asynchronous write error (EPIPE when stdout is piped into
    // `head`, a closed file) would be thrown as an uncaught 'error' event and end the
    // process. Remember it and fail the following exports instead.
    this.streamError = error;
  };
  private streamError?: Error;
  private exportCount = 0;
  private isShutdown = false;

  constructor(options: ConsoleMetricExporterOptions = {}) {
    checkOptions(options);
    this.format = options.format ?? 'pretty';
    const temporality = options.temporality ?? AggregationTemporality.CUMULATIVE;
    this.temporalitySelector = options.temporalitySelector ?? (() => temporality);
    this.aggregationSelector = options.aggregationSelector ?? DEFAULT_AGGREGATION_SELECTOR;
    this.stream = options.stream ?? process.stdout;
    this.limits = { ...DEFAULT_SAFE_VALUE_LIMITS, maxStringLength: options.maxStringLength ?? DEFAULT_SAFE_VALUE_LIMITS.maxStringLength };
    this.timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    this.stream.on?.('error', this.onStreamError);
  }

  /** Prints one export; calls `resultCallback` once the output is written (or has failed). */
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.isShutdown) {
      setImmediate(resultCallback, {
        code: ExportResultCode.FAILED,
        error: new Error('ConsoleMetricExporter: export() called after shutdown(); the exporter no longer prints'),
      });
      return;
    }
    const done = this.print(metrics).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    // resultCallback belongs to the caller: if it throws, that must not become an unhandled rejection here.
    const tracked = done.catch(() => undefined);
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async print(metrics: ResourceMetrics): Promise<void> {
    if (this.streamError) throw new Error(`ConsoleMetricExporter: the output stream failed earlier: ${this.streamError.message}`);
    const resource = metrics.resource as ResourceMetrics['resource'] & {
      asyncAttributesPending?: boolean;
      waitForAsyncAttributes?: () => Promise<void>;
    };
    // Reading attributes of a resource whose detectors are still running only logs an error
    // and returns a partial set; wait so the printed resource is the real one.
    if (resource?.asyncAttributesPending) await resource.waitForAsyncAttributes?.();
    this.exportCount += 1;
    const text = renderExport(toOtlpDocument(metrics, this.limits), this.format, this.exportCount, metrics);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        // Not unref'd: forceFlush() and shutdown() wait on this write, and must be able to.
        timer = setTimeout(
          () => reject(new Error(`ConsoleMetricExporter: the output stream did not take the export within ${this.timeoutMillis} ms`)),
          this.timeoutMillis,
        );
        try {
          this.stream.write(text, (error) => (error ? reject(error) : resolve()));
        } catch (error) {
          reject(error);
        }
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once everything exported so far has been handed to the stream, or has timed out. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** The temporality chosen by the `temporalitySelector` option (cumulative by default). */
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.temporalitySelector(instrumentType);
  }

  /** The aggregation chosen by the `aggregationSelector` option (the default aggregation by default). */
  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.aggregationSelector(instrumentType);
  }

  /** Waits for pending writes; later exports fail. The stream is not closed: it is not ours. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.forceFlush();
    this.stream.off?.('error', this.onStreamError);
  }
}
