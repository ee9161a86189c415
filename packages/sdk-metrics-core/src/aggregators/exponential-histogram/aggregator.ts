// The Base2 exponential bucket histogram aggregation of the SDK specification: buckets
// whose boundaries are powers of base = 2**(2**-scale), the scale chosen automatically
// (starting at maxScale, lowered just enough to keep each range within maxSize buckets).
import { DataPointType, type ExponentialHistogram } from '../../data/metric-data';
import type { Aggregator } from '../aggregator';
import { ExponentialHistogramAccumulation } from './accumulation';
import { isEmpty, windowCounts } from './bucket-window';
import { maxScaleProblem, maxSizeProblem } from '../aggregation-option-check';

/** Defaults of the specification. */
export const DEFAULT_MAX_SIZE = 160;
/** Highest (finest) scale an exponential histogram starts at (20, the specification's default). */
export const DEFAULT_MAX_SCALE = 20;

/** Options of {@link ExponentialHistogramAggregator}. */
export interface ExponentialHistogramAggregatorOptions {
  /** Maximum number of buckets in each of the positive and negative ranges (zero bucket not counted). Default 160. */
  maxSize?: number;
  /** Highest (finest) scale, used while the values fit; integer in [-10, 20]. Default 20. */
  maxScale?: number;
  /** Export min and max. Default true. */
  recordMinMax?: boolean;
  /** Export the sum. Default true; false for instruments that may record negative values. */
  recordSum?: boolean;
}

/** The base-2 exponential bucket histogram aggregation of the SDK specification; the scale lowers itself to keep each range within `maxSize` buckets. */
export class ExponentialHistogramAggregator implements Aggregator<ExponentialHistogramAccumulation> {
  readonly dataPointType = DataPointType.EXPONENTIAL_HISTOGRAM;
  readonly maxSize: number;
  readonly maxScale: number;
  readonly recordMinMax: boolean;
  readonly recordSum: boolean;

  constructor(options: ExponentialHistogramAggregatorOptions = {}) {
    const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
    const maxScale = options.maxScale ?? DEFAULT_MAX_SCALE;
    // The same rules as every aggregation option (aggregation-option-check.ts).
    const sizeProblem = maxSizeProblem(maxSize);
    if (sizeProblem !== undefined) throw new RangeError(`Exponential histogram aggregation: maxSize ${sizeProblem}`);
    const scaleProblem = maxScaleProblem(maxScale);
    if (scaleProblem !== undefined) throw new RangeError(`Exponential histogram aggregation: maxScale ${scaleProblem}`);
    this.maxSize = maxSize;
    this.maxScale = maxScale;
    this.recordMinMax = options.recordMinMax ?? true;
    this.recordSum = options.recordSum ?? true;
  }

  createAccumulation(): ExponentialHistogramAccumulation {
    return new ExponentialHistogramAccumulation(this.maxSize, this.maxScale);
  }

  merge(into: ExponentialHistogramAccumulation, from: ExponentialHistogramAccumulation): void {
    into.merge(from);
  }

  copy(from: ExponentialHistogramAccumulation): ExponentialHistogramAccumulation {
    const acc = this.createAccumulation();
    acc.copyFrom(from);
    return acc;
  }

  reset(acc: ExponentialHistogramAccumulation): void {
    acc.reset();
  }

  /**
   * Only reached when a view gives an asynchronous instrument this aggregation: its
   * observations are single values, not cumulative histograms, so there is nothing to
   * subtract and the current state is returned (as a copy).
   */
  diff(_previous: ExponentialHistogramAccumulation, current: ExponentialHistogramAccumulation): ExponentialHistogramAccumulation {
    return this.copy(current);
  }

  toPointValue(acc: ExponentialHistogramAccumulation): ExponentialHistogram {
    const value: ExponentialHistogram = {
      count: acc.count,
      scale: acc.scale,
      zeroCount: acc.zeroCount,
      positive: { offset: isEmpty(acc.positive) ? 0 : acc.positive.start, bucketCounts: windowCounts(acc.positive) },
      negative: { offset: isEmpty(acc.negative) ? 0 : acc.negative.start, bucketCounts: windowCounts(acc.negative) },
    };
    if (this.recordSum) value.sum = acc.sum;
    // An empty point has no meaningful min/max (they would be ±Infinity).
    if (this.recordMinMax && acc.count > 0) {
      value.min = acc.min;
      value.max = acc.max;
    }
    return value;
  }
}
