// @meterkit/sdk-metrics-core: the MeterProvider, instruments, aggregation, readers and the
// metric data model (structurally identical to @opentelemetry/sdk-metrics 2.x).
export { MeterProvider } from './meter-provider';
export type { MeterProviderOptions, MeterOptions, ForceFlushOptions, ShutdownOptions } from './meter-provider';

export {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
} from './data/metric-data';
export type {
  CollectionResult,
  DataPoint,
  ExponentialHistogram,
  ExponentialHistogramMetricData,
  GaugeMetricData,
  Histogram,
  HistogramMetricData,
  InstrumentationScope,
  LastValue,
  MetricData,
  MetricDescriptor,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
  SumMetricData,
} from './data/metric-data';
export type { InstrumentDescriptor } from './data/instrument-descriptor';
export type { Exemplar } from './data/exemplar';

export { ExemplarFilter, DEFAULT_EXEMPLAR_FILTER, readExemplarFilterEnv } from './exemplar/exemplar-filter';
export type { ExemplarReservoir, ExemplarReservoirContext, ExemplarReservoirFactory } from './exemplar/exemplar-reservoir';
export {
  DEFAULT_SIMPLE_RESERVOIR_SIZE,
  SimpleFixedSizeExemplarReservoir,
  simpleFixedSizeExemplarReservoir,
} from './exemplar/simple-fixed-size-reservoir';
export {
  AlignedHistogramBucketExemplarReservoir,
  alignedHistogramBucketExemplarReservoir,
} from './exemplar/aligned-histogram-reservoir';
export { defaultExemplarReservoir, EXPONENTIAL_HISTOGRAM_RESERVOIR_MAX } from './exemplar/default-reservoir';
export { filteredAttributes } from './exemplar/sampled-measurement';

export { AggregationType, DEFAULT_HISTOGRAM_BOUNDARIES } from './aggregators/aggregation-option';
export type {
  AggregationOption,
  DefaultAggregationOption,
  DropAggregationOption,
  ExponentialHistogramAggregationOption,
  HistogramAggregationOption,
  LastValueAggregationOption,
  SumAggregationOption,
} from './aggregators/aggregation-option';
export type { Accumulation, Aggregator, PointValue } from './aggregators/aggregator';
export { checkBoundaries, findBoundariesProblem } from './aggregators/bucket-boundaries';
export type { BoundariesProblem } from './aggregators/bucket-boundaries';
export { findAggregationOptionProblem, validateAggregationOption } from './aggregators/aggregation-option-check';
export type { AggregationOptionProblem } from './aggregators/aggregation-option-check';

export { MetricReader, DEFAULT_COLLECTION_TIMEOUT_MILLIS } from './export/metric-reader';
export type { IMetricReader, MetricReaderOptions, CollectionOptions } from './export/metric-reader';
export { PeriodicExportingMetricReader } from './export/periodic-exporting-metric-reader';
export { countDataPoints, splitResourceMetrics } from './export/split-resource-metrics';
export type { PeriodicExportingMetricReaderOptions } from './export/periodic-exporting-metric-reader';
export { InMemoryMetricExporter } from './export/in-memory-metric-exporter';
export { ExportResultCode } from './export/export-result-code';
export type { PushMetricExporter } from './export/push-metric-exporter';
export type { MetricCollectOptions, MetricProducer } from './export/metric-producer';
export {
  CUMULATIVE_TEMPORALITY_SELECTOR,
  DEFAULT_AGGREGATION_SELECTOR,
  DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR,
  DEFAULT_CARDINALITY_LIMIT,
  DEFAULT_CARDINALITY_SELECTOR,
  DELTA_TEMPORALITY_SELECTOR,
  LOW_MEMORY_TEMPORALITY_SELECTOR,
} from './export/selectors';
export type { AggregationSelector, AggregationTemporalitySelector, CardinalitySelector } from './export/selectors';

export type { View } from './view/view';
export { isView } from './view/view';
export { registerViewOptionsCompiler } from './view/view-options-compiler';
export type { ViewOptionsCompiler } from './view/view-options-compiler';
export type { AttributeKeysOption, ViewOptions } from './view/view-options';
export {
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
  createMultiAttributesProcessor,
} from './view/attributes-processor';
export type { AttributesProcessor, IAttributesProcessor } from './view/attributes-processor';

export {
  CounterInstrument,
  GaugeInstrument,
  HistogramInstrument,
  UpDownCounterInstrument,
} from './instruments/sync-instruments';
export type { BoundCounter, BoundGauge, BoundHistogram, BoundUpDownCounter } from './instruments/bound-instrument';
export { bind, isBindable } from './instruments/bind';
export type { Bindable, BoundFor, SyncInstrument } from './instruments/bind';
export { isValidInstrumentName } from './util/instrument-name';
export { TimeoutError } from './util/timeout';
export type { TimeoutOptions } from './util/timeout';
export { rejectUnknownOptions, closestName } from './util/option-names';
export { isDiagLoggerSet, reportDroppedData } from './util/visible-failure';

export {
  ExponentialHistogramAggregator,
  ExponentialHistogramAccumulation,
  DEFAULT_MAX_SIZE as EXPONENTIAL_HISTOGRAM_DEFAULT_MAX_SIZE,
  DEFAULT_MAX_SCALE as EXPONENTIAL_HISTOGRAM_DEFAULT_MAX_SCALE,
} from './aggregators/exponential-histogram';
export type { ExponentialHistogramAggregatorOptions } from './aggregators/exponential-histogram';

export {
  addSumPointInto,
  compareHrTime,
  DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE,
  downscaleBuckets,
  GAUGE_MERGE_POLICIES,
  mergeExponentialHistogramPoints,
  mergeGaugePoints,
  mergeHistogramPoints,
  mergeSumPoints,
  mergeBucketExemplars,
  mergeExemplars,
} from './merge';
export type { GaugeMergePolicy, MutableSumPoint } from './merge';
