// Builders for the AggregationOption objects a view may carry, and the check (the core's
// validateAggregationOption) that rejects a malformed one when the view is constructed
// rather than when the instrument is created. The objects are the plain `{ type, options }`
// shape of @opentelemetry/sdk-metrics 2.x, so an option written for the official SDK is
// accepted unchanged.
import { AggregationType, validateAggregationOption, type AggregationOption } from '@meterkit/sdk-metrics-core';

/** Builders of {@link AggregationOption} values: `Aggregation.sum()`, `.lastValue()`, `.drop()`, `.default()`, `.explicitBucketHistogram(boundaries)`, `.exponentialHistogram(maxSize)`. */
export const Aggregation = {
  /** The reader's choice for the instrument type (its aggregation selector). */
  default(): AggregationOption {
    return { type: AggregationType.DEFAULT };
  },
  /** Drops every measurement: the stream is not exported. */
  drop(): AggregationOption {
    return { type: AggregationType.DROP };
  },
  /** Sums the values per series. */
  sum(): AggregationOption {
    return { type: AggregationType.SUM };
  },
  /** Keeps the last value recorded per series. */
  lastValue(): AggregationOption {
    return { type: AggregationType.LAST_VALUE };
  },
  /**
   * Histogram with the given bucket upper bounds (strictly increasing, finite). Buckets are
   * `(-inf, b0], (b0, b1], ..., (bn, +inf)`.
   */
  explicitBucketHistogram(boundaries: readonly number[], recordMinMax = true): AggregationOption {
    return validateAggregation({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: boundaries as number[], recordMinMax },
    });
  },
  /** Base-2 exponential histogram with at most `maxSize` buckets per sign (default 160). */
  exponentialHistogram(maxSize?: number, recordMinMax = true): AggregationOption {
    return validateAggregation({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: maxSize === undefined ? { recordMinMax } : { maxSize, recordMinMax },
    });
  },
} as const;

/**
 * Throws a TypeError/RangeError naming `optionPath` (e.g. "aggregation") when `aggregation`
 * is not a usable AggregationOption. Returns a copy (boundaries included), so mutating the
 * caller's object after the view is built cannot change the view. The rules are the core's
 * (`validateAggregationOption` of @meterkit/sdk-metrics-core), so a view accepts exactly what the core accepts.
 */
export function validateAggregation(aggregation: unknown, optionPath = 'aggregation'): AggregationOption {
  return validateAggregationOption(aggregation, optionPath, 'View option');
}
