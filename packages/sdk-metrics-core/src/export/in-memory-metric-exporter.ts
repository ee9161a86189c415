import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from './export-result-code';
import type { AggregationTemporality, InstrumentType, ResourceMetrics } from '../data/metric-data';
import type { PushMetricExporter } from './push-metric-exporter';

/** Keeps every export in memory: for tests and for reading metrics back in-process. */
export class InMemoryMetricExporter implements PushMetricExporter {
  protected _shutdown = false;
  private metrics: ResourceMetrics[] = [];

  constructor(protected _aggregationTemporality: AggregationTemporality) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this._shutdown) {
      setImmediate(resultCallback, { code: ExportResultCode.FAILED, error: new Error('InMemoryMetricExporter is shut down') });
      return;
    }
    this.metrics.push(metrics);
    setImmediate(resultCallback, { code: ExportResultCode.SUCCESS });
  }

  /** Every export received since construction or the last `reset()`, oldest first. */
  getMetrics(): ResourceMetrics[] {
    return this.metrics;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Forgets the exports received so far. */
  reset(): void {
    this.metrics = [];
  }

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return this._aggregationTemporality;
  }

  shutdown(): Promise<void> {
    this._shutdown = true;
    return Promise.resolve();
  }
}
