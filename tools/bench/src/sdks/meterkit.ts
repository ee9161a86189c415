// A meterkit MeterProvider with one reader that the benchmark collects explicitly (or
// never, during hot-path runs).
import type { Meter } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type CollectionResult,
  type View,
} from '@meterkit/sdk-metrics-core';
import type { SdkSetup, SdkSetupOptions } from './sdk-setup';

class BenchReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export function createMeterkit(options: SdkSetupOptions<View> = {}): SdkSetup {
  const temporality = options.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  const limit = options.cardinalityLimit;
  const reader = new BenchReader({
    aggregationTemporalitySelector: () => temporality,
    ...(limit !== undefined ? { cardinalitySelector: () => limit } : {}),
  });
  const other = temporality === AggregationTemporality.DELTA ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA;
  const second = options.secondReader
    ? [new BenchReader({ aggregationTemporalitySelector: () => other, ...(limit !== undefined ? { cardinalitySelector: () => limit } : {}) })]
    : [];
  const provider = new MeterProvider({ readers: [reader, ...second], views: options.views ?? [] });
  const meter: Meter = provider.getMeter('bench');
  return {
    meter,
    collect: () => reader.collect() as Promise<CollectionResult>,
    shutdown: () => provider.shutdown(),
  };
}
