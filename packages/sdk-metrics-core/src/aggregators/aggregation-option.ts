// How a stream aggregates its measurements, as chosen by a view or by a reader's
// aggregation selector. Same shape and enum values as @opentelemetry/sdk-metrics 2.x.

export enum AggregationType {
  DEFAULT = 0,
  DROP = 1,
  SUM = 2,
  LAST_VALUE = 3,
  EXPLICIT_BUCKET_HISTOGRAM = 4,
  EXPONENTIAL_HISTOGRAM = 5,
}

export type SumAggregationOption = { type: AggregationType.SUM };
export type LastValueAggregationOption = { type: AggregationType.LAST_VALUE };
export type DropAggregationOption = { type: AggregationType.DROP };
export type DefaultAggregationOption = { type: AggregationType.DEFAULT };
export type HistogramAggregationOption = {
  type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM;
  options?: { recordMinMax?: boolean; boundaries: number[] };
};
export type ExponentialHistogramAggregationOption = {
  type: AggregationType.EXPONENTIAL_HISTOGRAM;
  options?: { recordMinMax?: boolean; maxSize?: number; maxScale?: number };
};

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
