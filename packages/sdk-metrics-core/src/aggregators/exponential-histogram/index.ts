// The exponential histogram aggregation: its aggregator, accumulation, bucket storage and index mapping.
export {
  ExponentialHistogramAggregator,
  DEFAULT_MAX_SCALE,
  DEFAULT_MAX_SIZE,
  type ExponentialHistogramAggregatorOptions,
} from './aggregator';
export { ExponentialHistogramAccumulation, scaleChangeFor } from './accumulation';
export { BucketBuffer } from './bucket-buffer';
export { getExponent, mapToIndex, MAX_SCALE, MIN_SCALE } from './mapping';
