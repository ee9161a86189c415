// How a stream aggregates its measurements, as chosen by a view or by a reader's
// aggregation selector. Same shape and enum values as @opentelemetry/sdk-metrics 2.x.

/** The kinds of aggregation a view or reader can choose (values as in `@opentelemetry/sdk-metrics`). */
export enum AggregationType {
  DEFAULT = 0,
  DROP = 1,
  SUM = 2,
  LAST_VALUE = 3,
  EXPLICIT_BUCKET_HISTOGRAM = 4,
  EXPONENTIAL_HISTOGRAM = 5,
}

/** Sums the values per series. */
export type SumAggregationOption = { type: AggregationType.SUM };
/** Keeps the last value recorded per series (a gauge). */
export type LastValueAggregationOption = { type: AggregationType.LAST_VALUE };
/** Drops the stream: nothing is recorded or exported. */
export type DropAggregationOption = { type: AggregationType.DROP };
/** The default aggregation of the instrument kind (sum, last value or explicit bucket histogram). */
export type DefaultAggregationOption = { type: AggregationType.DEFAULT };
/** The explicit bucket histogram, with its boundaries and whether min/max are recorded. */
export type HistogramAggregationOption = {
  type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM;
  options?: { recordMinMax?: boolean; boundaries: number[] };
};
/** The base-2 exponential bucket histogram, with its maximum size and whether min/max are recorded. */
export type ExponentialHistogramAggregationOption = {
  type: AggregationType.EXPONENTIAL_HISTOGRAM;
  options?: { recordMinMax?: boolean; maxSize?: number; maxScale?: number };
};

/** The aggregation of a view or an aggregation selector, as in `@opentelemetry/sdk-metrics`: `{ type: AggregationType.X, options? }`. */
export type AggregationOption =
  | ExponentialHistogramAggregationOption
  | HistogramAggregationOption
  | SumAggregationOption
  | DropAggregationOption
  | DefaultAggregationOption
  | LastValueAggregationOption;

/** The default explicit bucket boundaries of the specification. */
export const DEFAULT_HISTOGRAM_BOUNDARIES: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);
