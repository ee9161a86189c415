// Compile-time proof of the compatibility contract: meterkit's data model and exporter /
// reader shapes are assignable to and from those of @opentelemetry/sdk-metrics 2.12.
// Checked by test/compat.test.ts with the TypeScript compiler (and by `pnpm lint`).
import type * as official from '@opentelemetry/sdk-metrics';
import type * as meterkit from '../../src';

type Assert<T extends true> = T;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type OneWay<A, B> = [A] extends [B] ? true : false;

export type Checks = [
  Assert<Mutual<meterkit.ResourceMetrics, official.ResourceMetrics>>,
  Assert<Mutual<meterkit.ScopeMetrics, official.ScopeMetrics>>,
  Assert<Mutual<meterkit.MetricData, official.MetricData>>,
  Assert<Mutual<meterkit.SumMetricData, official.SumMetricData>>,
  Assert<Mutual<meterkit.GaugeMetricData, official.GaugeMetricData>>,
  Assert<Mutual<meterkit.HistogramMetricData, official.HistogramMetricData>>,
  Assert<Mutual<meterkit.ExponentialHistogramMetricData, official.ExponentialHistogramMetricData>>,
  Assert<Mutual<meterkit.DataPoint<number>, official.DataPoint<number>>>,
  Assert<Mutual<meterkit.Histogram, official.Histogram>>,
  Assert<Mutual<meterkit.ExponentialHistogram, official.ExponentialHistogram>>,
  Assert<Mutual<meterkit.MetricDescriptor, official.MetricDescriptor>>,
  Assert<Mutual<meterkit.CollectionResult, official.CollectionResult>>,
  Assert<Mutual<meterkit.AggregationTemporality, official.AggregationTemporality>>,
  Assert<Mutual<meterkit.DataPointType, official.DataPointType>>,
  Assert<Mutual<meterkit.InstrumentType, official.InstrumentType>>,
  Assert<Mutual<meterkit.AggregationType, official.AggregationType>>,
  Assert<Mutual<meterkit.AggregationOption, official.AggregationOption>>,
  Assert<Mutual<meterkit.PushMetricExporter, official.PushMetricExporter>>,
  Assert<Mutual<meterkit.MetricProducer, official.MetricProducer>>,
  Assert<Mutual<meterkit.MetricCollectOptions, official.MetricCollectOptions>>,
  Assert<Mutual<meterkit.AggregationTemporalitySelector, official.AggregationTemporalitySelector>>,
  // Exporters and readers of either SDK plug into the other.
  Assert<OneWay<official.InMemoryMetricExporter, meterkit.PushMetricExporter>>,
  Assert<OneWay<official.ConsoleMetricExporter, meterkit.PushMetricExporter>>,
  Assert<OneWay<meterkit.InMemoryMetricExporter, official.PushMetricExporter>>,
  Assert<OneWay<meterkit.MeterProvider, import('@opentelemetry/api').MeterProvider>>,
  // Same option names for the provider and the periodic reader.
  Assert<OneWay<Pick<official.PeriodicExportingMetricReaderOptions, 'exportIntervalMillis' | 'exportTimeoutMillis' | 'metricProducers' | 'cardinalityLimits'>, Partial<meterkit.PeriodicExportingMetricReaderOptions>>>,
  Assert<OneWay<Pick<official.MeterProviderOptions, 'resource'>, meterkit.MeterProviderOptions>>,
];
