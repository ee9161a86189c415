// @meterkit/cluster: one view of the metrics of a Node cluster or a pool of worker threads.
// Workers record with a WorkerMetricReader; the primary holds a WorkerGroup and gives its
// readers one producer each.
export { WorkerMetricReader } from './worker-reader';
export type { WorkerMetricReaderOptions } from './worker-reader';
export { WorkerGroup } from './worker-group';
export type { ProducerOptions, WorkerGroupOptions } from './worker-group';
export type { GaugePolicy } from './merged-streams';
export type { WorkerLike } from './worker-link';
export { WIRE_VERSION, decodeState, encodeState } from './wire-format';
export type { EncodedState } from './wire-format';
