// @meterkit/sdk-metrics: meterkit under the export names of @opentelemetry/sdk-metrics 2.x, so
// moving an app is a change of one import. Every name here is re-exported from the package
// that holds the feature (core, views, console exporter); apps that want fewer dependencies
// import those packages directly. test/export-names.test.ts keeps this list equal to the
// official package's, name for name.

// Loading @meterkit/views registers the compiler that lets `new MeterProvider({ views })` take
// plain view option objects, as the official SDK does: this import is why the package lists
// its entry files under `sideEffects`.
import '@meterkit/views';

export {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  InMemoryMetricExporter,
  InstrumentType,
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  TimeoutError,
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
} from '@meterkit/sdk-metrics-core';
export type {
  AggregationOption,
  AggregationSelector,
  AggregationTemporalitySelector,
  CollectionResult,
  DataPoint,
  ExponentialHistogram,
  ExponentialHistogramMetricData,
  GaugeMetricData,
  Histogram,
  HistogramMetricData,
  IAttributesProcessor,
  IMetricReader,
  LastValue,
  MeterProviderOptions,
  MetricCollectOptions,
  MetricData,
  MetricDescriptor,
  MetricProducer,
  MetricReaderOptions,
  PeriodicExportingMetricReaderOptions,
  PushMetricExporter,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
  SumMetricData,
} from '@meterkit/sdk-metrics-core';
export type { ViewOptions } from '@meterkit/views';
export { ConsoleMetricExporter } from '@meterkit/exporter-console';
