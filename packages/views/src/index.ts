// @meterkit/views: declare which instruments a view selects and how their metric stream
// is produced; pass the views to `new MeterProvider({ views })` of @meterkit/sdk-metrics-core.
import { registerViewOptionsCompiler } from '@meterkit/sdk-metrics-core';
import { createView } from './view';

export { View, createView, type ViewOptions, type ViewSelection } from './view';

// Loading this package lets `new MeterProvider({ views: [{ instrumentName, ... }] })` take
// plain view options, as the official SDK does: the core compiles them with createView.
registerViewOptionsCompiler((options) => createView(options));
export { Aggregation, validateAggregation } from './aggregation';
export type { AttributeKeysOption } from './attribute-filter';
export { compileNamePattern, hasWildcard, type NameMatcher } from './name-pattern';

// Re-exported so a view can be written with one import.
export {
  AggregationType,
  InstrumentType,
  alignedHistogramBucketExemplarReservoir,
  simpleFixedSizeExemplarReservoir,
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
  createMultiAttributesProcessor,
} from '@meterkit/sdk-metrics-core';
export type {
  AggregationOption,
  AttributesProcessor,
  ExemplarReservoir,
  ExemplarReservoirFactory,
  IAttributesProcessor,
  InstrumentDescriptor,
} from '@meterkit/sdk-metrics-core';
