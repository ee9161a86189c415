// An Aggregator knows one way of summarising measurements. Its state lives in an
// Accumulation, one per (stream, attribute set); the hot path calls only `record`.
import type { DataPointType, ExponentialHistogram, Histogram } from '../data/metric-data';
import type { Accumulation } from './accumulation';

export { Accumulation } from './accumulation';

/** The value of a data point: a number (sum, gauge), a {@link Histogram} or an {@link ExponentialHistogram}. */
export type PointValue = number | Histogram | ExponentialHistogram;

/** One way of summarising measurements (drop, sum, last value, histograms): records into an {@link Accumulation}, merges, moves it on collection and makes its data point. */
export interface Aggregator<A extends Accumulation = Accumulation> {
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
  /** The exported value of a data point; allocates, called at collection time only. */
  toPointValue(acc: A): PointValue;
}
