import { AggregationTemporality, InstrumentType } from '../data/metric-data';
import { AggregationType, type AggregationOption } from '../aggregators/aggregation-option';

export type AggregationSelector = (instrumentType: InstrumentType) => AggregationOption;
export type AggregationTemporalitySelector = (instrumentType: InstrumentType) => AggregationTemporality;
export type CardinalitySelector = (instrumentType: InstrumentType) => number;

/** The cardinality limit of the specification when neither a view nor the reader sets one. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

export const DEFAULT_AGGREGATION_SELECTOR: AggregationSelector = () => ({ type: AggregationType.DEFAULT });
export const DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = () =>
  AggregationTemporality.CUMULATIVE;
export const DEFAULT_CARDINALITY_SELECTOR: CardinalitySelector = () => DEFAULT_CARDINALITY_LIMIT;

/** Cumulative for everything (the specification's default). */
export const CUMULATIVE_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = () =>
  AggregationTemporality.CUMULATIVE;

/** The specification's "Delta" preference: delta for counters and histograms, cumulative for up-down counters. */
export const DELTA_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = (type) => {
  switch (type) {
    case InstrumentType.COUNTER:
    case InstrumentType.OBSERVABLE_COUNTER:
    case InstrumentType.GAUGE:
    case InstrumentType.HISTOGRAM:
    case InstrumentType.OBSERVABLE_GAUGE:
      return AggregationTemporality.DELTA;
    default:
      return AggregationTemporality.CUMULATIVE;
  }
};

/** The specification's "LowMemory" preference: delta only for synchronous counters and histograms. */
export const LOW_MEMORY_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = (type) => {
  switch (type) {
    case InstrumentType.COUNTER:
    case InstrumentType.GAUGE:
    case InstrumentType.HISTOGRAM:
      return AggregationTemporality.DELTA;
    default:
      return AggregationTemporality.CUMULATIVE;
  }
};
