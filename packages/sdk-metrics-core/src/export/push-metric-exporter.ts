import type { ExportResult } from '@opentelemetry/core';
import type { AggregationTemporality, InstrumentType, ResourceMetrics } from '../data/metric-data';
import type { AggregationOption } from '../aggregators/aggregation-option';

/** Same shape as @opentelemetry/sdk-metrics' PushMetricExporter: exporters work with either SDK. */
export interface PushMetricExporter {
  /** Exports one collection; calls `resultCallback` exactly once. Never called concurrently on one exporter. */
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void;
  /** Settles when nothing accepted is still being exported. */
  forceFlush(): Promise<void>;
  /** The temporality the exporter asks for an instrument kind (optional). */
  selectAggregationTemporality?(instrumentType: InstrumentType): AggregationTemporality;
  /** The aggregation the exporter asks for an instrument kind (optional). */
  selectAggregation?(instrumentType: InstrumentType): AggregationOption;
  /** Flushes and releases the exporter's resources; later exports fail. */
  shutdown(): Promise<void>;
}
