export { PrometheusReader, PrometheusReaderShutdownError, PrometheusReaderNotRegisteredError } from './prometheus-reader';
export type { PrometheusReaderOptions, PrometheusReaderAddress, GetMetricsOptions, MetricsResponse } from './prometheus-reader';
export { PrometheusSerializer } from './serializer';
export type { SerializerOptions, SerializedMetrics, SerializedBytes } from './serializer';
export type { PromClientRegistryLike } from './prom-client-merge';
export {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  type ExpositionFormat,
} from './exposition-format';
export { negotiateFormat } from './content-negotiation';
export { PROTOBUF_CONTENT_TYPE } from './protobuf-writer';
