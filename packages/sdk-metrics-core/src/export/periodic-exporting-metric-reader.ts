// The push Controller: collects on an interval and hands the data to a PushMetricExporter,
// one export at a time, each bounded by the export timeout.
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MetricReader } from './metric-reader';
import type { PushMetricExporter } from './push-metric-exporter';
import type { MetricProducer } from './metric-producer';
import type { InstrumentType, ResourceMetrics } from '../data/metric-data';
import type { CardinalitySelector } from './selectors';
import { DEFAULT_CARDINALITY_LIMIT } from './selectors';
import { InstrumentType as Kind } from '../data/metric-data';
import { callWithTimeout } from '../util/timeout';
import { readEnvMillis } from './env';

/** Options of {@link PeriodicExportingMetricReader}, named as in `@opentelemetry/sdk-metrics`. */
export interface PeriodicExportingMetricReaderOptions {
  exporter: PushMetricExporter;
  /** Default: OTEL_METRIC_EXPORT_INTERVAL, else 60000. */
  exportIntervalMillis?: number;
  /** Default: OTEL_METRIC_EXPORT_TIMEOUT, else 30000. Must not exceed the interval. */
  exportTimeoutMillis?: number;
  metricProducers?: MetricProducer[];
  /** Cardinality limit per instrument kind (default 2000). */
  cardinalityLimits?: {
    counter?: number;
    gauge?: number;
    histogram?: number;
    upDownCounter?: number;
    observableCounter?: number;
    observableGauge?: number;
    observableUpDownCounter?: number;
    default?: number;
  };
}

function checkPositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`PeriodicExportingMetricReader option "${name}" must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function cardinalitySelector(limits: PeriodicExportingMetricReaderOptions['cardinalityLimits']): CardinalitySelector | undefined {
  if (limits === undefined) return undefined;
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new RangeError(`PeriodicExportingMetricReader option "cardinalityLimits.${key}" must be a positive integer, got ${String(value)}`);
    }
  }
  const fallback = limits.default ?? DEFAULT_CARDINALITY_LIMIT;
  const byKind: Record<InstrumentType, number | undefined> = {
    [Kind.COUNTER]: limits.counter,
    [Kind.GAUGE]: limits.gauge,
    [Kind.HISTOGRAM]: limits.histogram,
    [Kind.UP_DOWN_COUNTER]: limits.upDownCounter,
    [Kind.OBSERVABLE_COUNTER]: limits.observableCounter,
    [Kind.OBSERVABLE_GAUGE]: limits.observableGauge,
    [Kind.OBSERVABLE_UP_DOWN_COUNTER]: limits.observableUpDownCounter,
  };
  return (type) => byKind[type] ?? fallback;
}

/** Push reader: collects every `exportIntervalMillis` and hands the result to a {@link PushMetricExporter}, with a timeout; also on `forceFlush()` and `shutdown()`. */
export class PeriodicExportingMetricReader extends MetricReader {
  private readonly exporter: PushMetricExporter;
  private readonly exportInterval: number;
  private readonly exportTimeout: number;
  private timer?: NodeJS.Timeout;
  private ongoing?: Promise<void>;
  /** The exporter's current export call: it may outlive a run that timed out. */
  private exporting?: Promise<ExportResult>;

  constructor(options: PeriodicExportingMetricReaderOptions) {
    const exporter = options?.exporter;
    if (exporter === undefined || typeof exporter.export !== 'function') {
      throw new TypeError('PeriodicExportingMetricReader option "exporter" must be a PushMetricExporter');
    }
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      cardinalitySelector: cardinalitySelector(options.cardinalityLimits),
      metricProducers: options.metricProducers,
    });
    const interval = checkPositive(
      'exportIntervalMillis',
      options.exportIntervalMillis ?? readEnvMillis('OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000,
    );
    const timeout = checkPositive(
      'exportTimeoutMillis',
      options.exportTimeoutMillis ?? readEnvMillis('OTEL_METRIC_EXPORT_TIMEOUT') ?? Math.min(30_000, interval),
    );
    if (timeout > interval) {
      throw new RangeError(`PeriodicExportingMetricReader option "exportTimeoutMillis" (${timeout}) must not exceed "exportIntervalMillis" (${interval})`);
    }
    this.exporter = exporter;
    this.exportInterval = interval;
    this.exportTimeout = timeout;
  }

  protected override onInitialized(): void {
    this.timer = setInterval(() => {
      // Never two exports at once: a tick that finds one running is skipped.
      if (this.ongoing !== undefined || this.exporting !== undefined) {
        diag.debug('PeriodicExportingMetricReader: previous export still running, skipping this interval');
        return;
      }
      void this.runOnce();
    }, this.exportInterval);
    // The interval must not keep the process alive.
    this.timer.unref();
  }

  private runOnce(): Promise<void> {
    const run = callWithTimeout(this.collectAndExport(), this.exportTimeout, 'Metric export')
      .catch((error: unknown) => diag.error('PeriodicExportingMetricReader: export failed', error))
      .finally(() => {
        if (this.ongoing === run) this.ongoing = undefined;
      });
    this.ongoing = run;
    return run;
  }

  private async collectAndExport(): Promise<void> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this.exportTimeout });
    for (const error of errors) diag.error('PeriodicExportingMetricReader: error during collection', error);
    if (resourceMetrics.scopeMetrics.length === 0) return;
    const resource = resourceMetrics.resource as typeof resourceMetrics.resource & { asyncAttributesPending?: boolean; waitForAsyncAttributes?: () => Promise<void> };
    if (resource.asyncAttributesPending) await resource.waitForAsyncAttributes?.();
    // The specification forbids concurrent Export calls on one exporter: if a previous
    // export timed out but has not called back yet, wait for it (within this run's timeout).
    if (this.exporting !== undefined) await this.exporting;
    const result = await this.export(resourceMetrics);
    if (result.code !== ExportResultCode.SUCCESS) {
      throw result.error ?? new Error('metric exporter reported a failure');
    }
  }

  private export(metrics: ResourceMetrics): Promise<ExportResult> {
    const exporting = new Promise<ExportResult>((resolve) => {
      try {
        this.exporter.export(metrics, resolve);
      } catch (error) {
        resolve({ code: ExportResultCode.FAILED, error: error as Error });
      }
    }).finally(() => {
      if (this.exporting === exporting) this.exporting = undefined;
    });
    this.exporting = exporting;
    return exporting;
  }

  protected override async onForceFlush(): Promise<void> {
    await this.ongoing;
    await this.runOnce();
    await this.exporter.forceFlush();
  }

  protected override async onShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ongoing;
    await this.runOnce();
    await this.exporter.shutdown();
  }
}
