// Point-level merges across processes, one module per point type (docs/design.md,
// "Multi-process merging"). `Aggregator.merge` works on in-process accumulations; these work
// on exported points, which is what crosses a process boundary.
export { addSumPointInto, mergeSumPoints } from './sum-points';
export type { MutableSumPoint } from './sum-points';
export { mergeGaugePoints, GAUGE_MERGE_POLICIES } from './gauge-points';
export type { GaugeMergePolicy } from './gauge-points';
export { mergeHistogramPoints } from './histogram-points';
export {
  DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE,
  downscaleBuckets,
  mergeExponentialHistogramPoints,
} from './exponential-histogram-points';
export { compareHrTime } from './times';
export { mergeBucketExemplars, mergeExemplars } from './exemplars';
