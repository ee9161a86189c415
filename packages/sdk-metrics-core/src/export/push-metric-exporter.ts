import type { ExportResult } from '@opentelemetry/core';
import type { AggregationTemporality, InstrumentType, ResourceMetrics } from '../data/metric-data';
import type { AggregationOption } from '../aggregators/aggregation-option';

/** Same shape as @opentelemetry/sdk-metrics' PushMetricExporter: exporters work with either SDK. */
export interface PushMetricExporter {
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void;
  forceFlush(): Promise<void>;
  selectAggregationTemporality?(instrumentType: InstrumentType): AggregationTemporality;
  selectAggregation?(instrumentType: InstrumentType): AggregationOption;
  shutdown(): Promise<void>;
}
