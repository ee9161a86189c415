// An Aggregator knows one way of summarising measurements. Its state lives in an
// Accumulation, one per (stream, attribute set); the hot path calls only the accumulation's
// `record`. Everything that differs between aggregations is a method here, so that the
// state/ layer never asks which aggregation it holds: a new aggregation is a new file in
// aggregators/ plus its entry in create-aggregator.ts.
import type {
  AggregationTemporality,
  DataPoint,
  DataPointType,
  ExponentialHistogram,
  Histogram,
  MetricData,
  MetricDescriptor,
} from '../data/metric-data';
import type { Accumulation } from './accumulation';

export { Accumulation } from './accumulation';

/** The value of a data point: a number (sum, gauge), a {@link Histogram} or an {@link ExponentialHistogram}. */
export type PointValue = number | Histogram | ExponentialHistogram;

/** One way of summarising measurements (drop, sum, last value, histograms): records into an {@link Accumulation}, merges, moves it on collection and makes its data point. */
export interface Aggregator<A extends Accumulation = Accumulation> {
  /** The kind of the data points {@link Aggregator.toPointValue} makes. */
  readonly dataPointType: DataPointType;
  /** A fresh, empty accumulation. */
  createAccumulation(): A;
  /** Adds the measurements summarised by `from` into `into` (`from` is unchanged). */
  merge(into: A, from: A): void;
  /** An independent copy of `from`. */
  copy(from: A): A;
  /** Empties `acc` in place (the delta half of the synchronized move). */
  reset(acc: A): void;
  /**
   * For asynchronous sums: the change from `previous` to `current`, both cumulative
   * observations. Aggregators without a meaningful difference return a copy of `current`.
   */
  diff(previous: A, current: A): A;
  /**
   * For the cumulative observations of an asynchronous instrument: true when `current`
   * cannot follow `previous`, i.e. the observed source was reset (a monotonic sum that went
   * down). The series then starts again and no delta is taken across the reset. Absent:
   * never (gauges, histograms).
   */
  isReset?(previous: A, current: A): boolean;
  /** The exported value of a data point; allocates, called at collection time only. */
  toPointValue(acc: A): PointValue;
  /**
   * The exported MetricData of a stream from its points (values made by `toPointValue`):
   * the common fields plus what this aggregation adds (`isMonotonic` for sums). Collection
   * time only. Absent: `plainMetricData` with this aggregator's `dataPointType`.
   */
  toMetricData?(descriptor: MetricDescriptor, temporality: AggregationTemporality, dataPoints: DataPoint<PointValue>[]): MetricData;
}

/**
 * The MetricData of an aggregation that adds nothing beyond its data point type (gauges,
 * histograms). The points match `dataPointType` by construction of the aggregator.
 */
export function plainMetricData(
  dataPointType: DataPointType,
  descriptor: MetricDescriptor,
  aggregationTemporality: AggregationTemporality,
  dataPoints: DataPoint<PointValue>[],
): MetricData {
  return { descriptor, aggregationTemporality, dataPointType, dataPoints } as MetricData;
}
