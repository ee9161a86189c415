// The push Controller: collects on an interval and hands the data to a PushMetricExporter.
//
// Invariants:
// - At most one run (collect + export) at a time, so export() is never called while a previous
//   call is within its timeout (specification: MUST NOT call Export concurrently). forceFlush()
//   and shutdown() that arrive during a run share one queued run behind it, which collects after
//   they were called, so everything recorded before them is in it.
// - Every step of a run is bounded by the export timeout. An exporter that never calls back
//   counts as failed at that timeout and is abandoned: the next run calls export() again, so one
//   stuck export never stops the schedule.
// - Failures go to @opentelemetry/core's global error handler (by default: diag at error level).
// - Scheduled runs never keep an idle process alive (their timers are unref'd); a run that an
//   explicit forceFlush()/shutdown() awaits does (the base class's timeout keeps the loop alive).
import { diag } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from './export-result-code';
import { MetricReader } from './metric-reader';
import type { PushMetricExporter } from './push-metric-exporter';
import type { ResourceMetrics } from '../data/metric-data';
import { callWithTimeout, TimeoutError } from '../util/timeout';
import { resolveReaderOptions, type PeriodicExportingMetricReaderOptions } from './periodic-reader-options';
import { splitResourceMetrics } from './split-resource-metrics';

export type { PeriodicExportingMetricReaderOptions } from './periodic-reader-options';

const NAME = 'PeriodicExportingMetricReader';

/** Push reader: collects every `exportIntervalMillis` and hands the result to a {@link PushMetricExporter}, with a timeout; also on `forceFlush()` and `shutdown()`. */
export class PeriodicExportingMetricReader extends MetricReader {
  private readonly exporter: PushMetricExporter;
  private readonly exportInterval: number;
  private readonly exportTimeout: number;
  private readonly maxExportBatchSize: number;
  private timer?: NodeJS.Timeout;
  /** The run in progress; never rejects. */
  private running?: Promise<void>;
  /** The one run queued behind `running`, shared by every flush that asked meanwhile. */
  private queued?: Promise<void>;

  constructor(options: PeriodicExportingMetricReaderOptions) {
    const resolved = resolveReaderOptions(options);
    const exporter = resolved.exporter;
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      cardinalitySelector: resolved.cardinalitySelector,
      metricProducers: options.metricProducers,
    });
    this.exporter = exporter;
    this.exportInterval = resolved.intervalMillis;
    this.exportTimeout = resolved.timeoutMillis;
    this.maxExportBatchSize = resolved.maxExportBatchSize;
  }

  protected override onInitialized(): void {
    this.timer = setInterval(() => {
      // A tick that finds a run in progress is skipped: the next tick or the queued flush covers it.
      if (this.running !== undefined) {
        diag.debug(`${NAME}: previous export still running, skipping this interval`);
        return;
      }
      void this.requestRun(true);
    }, this.exportInterval);
    // The schedule must not keep the process alive.
    this.timer.unref();
  }

  /** Starts a run now, or returns the single run queued behind the one in progress. */
  private requestRun(scheduled: boolean): Promise<void> {
    if (this.running === undefined) return this.start(scheduled);
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.start(false);
    });
    return this.queued;
  }

  private start(scheduled: boolean): Promise<void> {
    const run: Promise<void> = this.runOnce(scheduled).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** One collect-and-export run within the export timeout; reports failures, never rejects. */
  private async runOnce(scheduled: boolean): Promise<void> {
    const deadline = Date.now() + this.exportTimeout;
    const unref = scheduled;
    try {
      // Callbacks get half the budget so that the data of the others can still be exported
      // when one of them hangs.
      const collection = this.collect({ timeoutMillis: Math.max(1, Math.floor(this.exportTimeout / 2)) });
      const { resourceMetrics, errors } = await callWithTimeout(collection, remaining(deadline), `${NAME}: collection`, { unref });
      for (const error of errors) report(error);
      const resource = resourceMetrics.resource as typeof resourceMetrics.resource & {
        asyncAttributesPending?: boolean;
        waitForAsyncAttributes?: () => Promise<void>;
      };
      if (resource.asyncAttributesPending) {
        await callWithTimeout(Promise.resolve(resource.waitForAsyncAttributes?.()), remaining(deadline), `${NAME}: resource attributes`, { unref });
      }
      if (resourceMetrics.scopeMetrics.length === 0) return;
      for (const batch of splitResourceMetrics(resourceMetrics, this.maxExportBatchSize)) {
        await this.exportWithin(batch, deadline, unref);
      }
    } catch (error) {
      report(error);
    }
  }

  private async exportWithin(batch: ResourceMetrics, deadline: number, unref: boolean): Promise<void> {
    const left = remaining(deadline);
    if (left <= 0) throw new TimeoutError(`${NAME}: no time left within the export timeout of ${this.exportTimeout} ms; export skipped`);
    let result: ExportResult;
    try {
      result = await callWithTimeout(this.callExporter(batch), left, 'export', { unref });
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      throw new TimeoutError(
        `${NAME}: the exporter did not call back within the export timeout of ${this.exportTimeout} ms; the export counts as failed`,
      );
    }
    if (result.code !== ExportResultCode.SUCCESS) {
      const cause = result.error;
      const error = new Error(`${NAME}: metrics export failed: ${cause?.message ?? 'the exporter reported a failure'}`);
      (error as Error & { cause?: unknown }).cause = cause;
      throw error;
    }
  }

  private callExporter(metrics: ResourceMetrics): Promise<ExportResult> {
    return new Promise<ExportResult>((resolve) => {
      try {
        this.exporter.export(metrics, resolve);
      } catch (error) {
        resolve({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
  }

  protected override async onForceFlush(): Promise<void> {
    await this.requestRun(false);
    await this.exporter.forceFlush();
  }

  /** Final export, then the exporter's forceFlush() (its own queue) before its shutdown(). */
  protected override async onShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.requestRun(false);
    try {
      await this.exporter.forceFlush();
    } catch (error) {
      report(error);
    }
    await this.exporter.shutdown();
  }
}

function remaining(deadline: number): number {
  return deadline - Date.now();
}

type CoreModule = typeof import('@opentelemetry/core');
let core: CoreModule | undefined;

/**
 * Hands an export failure to @opentelemetry/core's global error handler (the one
 * `setGlobalErrorHandler` replaces), loading that package on the first failure only: it is
 * most of the core's cold require, and a healthy application never needs it here.
 */
function report(error: unknown): void {
  core ??= createRequire(__filename)('@opentelemetry/core') as CoreModule;
  core.globalErrorHandler(error instanceof Error ? error : new Error(String(error)));
}
