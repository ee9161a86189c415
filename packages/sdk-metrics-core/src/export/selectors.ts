import { AggregationTemporality, InstrumentType } from '../data/metric-data';
import { AggregationType, type AggregationOption } from '../aggregators/aggregation-option';

/** Chooses the aggregation of an instrument kind for a reader. */
export type AggregationSelector = (instrumentType: InstrumentType) => AggregationOption;
/** Chooses the temporality of an instrument kind for a reader. */
export type AggregationTemporalitySelector = (instrumentType: InstrumentType) => AggregationTemporality;
/** Chooses the cardinality limit (series per stream) of an instrument kind for a reader. */
export type CardinalitySelector = (instrumentType: InstrumentType) => number;

/** The cardinality limit of the specification when neither a view nor the reader sets one. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** The default aggregation for every instrument kind. */
export const DEFAULT_AGGREGATION_SELECTOR: AggregationSelector = () => ({ type: AggregationType.DEFAULT });
/** Cumulative temporality for every instrument kind. */
export const DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = () =>
  AggregationTemporality.CUMULATIVE;
/** The default cardinality limit ({@link DEFAULT_CARDINALITY_LIMIT}) for every instrument kind. */
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
