// The exponential histogram aggregation: its aggregator, accumulation and index mapping (bucket storage: bucket-window.ts).
export {
  ExponentialHistogramAggregator,
  DEFAULT_MAX_SCALE,
  DEFAULT_MAX_SIZE,
  type ExponentialHistogramAggregatorOptions,
} from './aggregator';
export { ExponentialHistogramAccumulation, scaleChangeFor } from './accumulation';
export { getExponent, mapToIndex, MAX_SCALE, MIN_SCALE } from './mapping';
