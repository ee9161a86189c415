// The specification's default reservoir per aggregation ("Exemplar defaults"), and what a
// stream tells reservoir factories about its aggregation. Both are computed once per stream,
// when the stream is configured, from the Aggregator interface alone.
import { DataPointType, type Histogram } from '../data/metric-data';
import type { Aggregator } from '../aggregators/aggregator';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { ExemplarReservoirContext, ExemplarReservoirFactory } from './exemplar-reservoir';
import { AlignedHistogramBucketExemplarReservoir } from './aligned-histogram-reservoir';
import { DEFAULT_SIMPLE_RESERVOIR_SIZE, SimpleFixedSizeExemplarReservoir } from './simple-fixed-size-reservoir';

/** The specification's cap on the default reservoir size of exponential histograms. */
export const EXPONENTIAL_HISTOGRAM_RESERVOIR_MAX = 20;

/**
 * The default reservoir (specification): explicit bucket histograms with more than one bucket
 * get an `AlignedHistogramBucketExemplarReservoir` on their boundaries; exponential
 * histograms a `SimpleFixedSizeExemplarReservoir` of min(20, maxBuckets); every other
 * aggregation a SimpleFixedSizeExemplarReservoir of size 1.
 */
export const defaultExemplarReservoir: ExemplarReservoirFactory = (context) => {
  if (context.dataPointType === DataPointType.HISTOGRAM && context.boundaries !== undefined && context.boundaries.length > 0) {
    return new AlignedHistogramBucketExemplarReservoir(context.boundaries, context.pointAttributes);
  }
  if (context.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
    const size = Math.max(1, Math.min(EXPONENTIAL_HISTOGRAM_RESERVOIR_MAX, context.maxBuckets ?? EXPONENTIAL_HISTOGRAM_RESERVOIR_MAX));
    return new SimpleFixedSizeExemplarReservoir(size, context.pointAttributes);
  }
  return new SimpleFixedSizeExemplarReservoir(DEFAULT_SIMPLE_RESERVOIR_SIZE, context.pointAttributes);
};

/** What reservoir factories of a stream learn, except the series' attributes. */
export type StreamReservoirContext = Omit<ExemplarReservoirContext, 'pointAttributes'>;

/**
 * The aggregation facts of a stream for its reservoirs: explicit bucket boundaries are read
 * from the point of an empty accumulation (the one place the Aggregator interface exposes
 * them), the exponential histogram's bucket limit from its public `maxSize`.
 */
export function streamReservoirContext(instrument: InstrumentDescriptor, aggregator: Aggregator): StreamReservoirContext {
  const dataPointType = aggregator.dataPointType;
  if (dataPointType === DataPointType.HISTOGRAM) {
    const value = aggregator.toPointValue(aggregator.createAccumulation()) as Histogram;
    return { instrument, dataPointType, boundaries: value.buckets.boundaries.slice() };
  }
  if (dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
    const maxSize = (aggregator as { maxSize?: unknown }).maxSize;
    return { instrument, dataPointType, maxBuckets: typeof maxSize === 'number' ? maxSize : undefined };
  }
  return { instrument, dataPointType };
}
