export { OTLPExporterError, OTLPConfigurationError } from './errors';
export type { Env, Compression } from './config/env';
export { parseHeaderList } from './config/env';
export {
  AggregationTemporalityPreference,
  temporalitySelectorFor,
  aggregationSelectorFor,
  type TemporalityPreferenceOption,
  type DefaultHistogramAggregation,
} from './config/temporality';
export {
  resolveSharedConfiguration,
  DEFAULT_TIMEOUT_MILLIS,
  DEFAULT_CONCURRENCY_LIMIT,
  SHARED_OPTION_NAMES,
  type OTLPMetricExporterSharedOptions,
  type SharedConfiguration,
  type TlsFiles,
} from './config/shared-configuration';
export {
  resolveHttpConfiguration,
  DEFAULT_HTTP_METRICS_URL,
  type OTLPMetricExporterHttpOptions,
  type HttpConfiguration,
  type HttpProtocol,
} from './config/http-configuration';
export {
  resolveGrpcConfiguration,
  DEFAULT_GRPC_METRICS_URL,
  type OTLPMetricExporterGrpcBaseOptions,
  type GrpcConfiguration,
} from './config/grpc-configuration';
export { DEFAULT_RETRY_POLICY, backoffMillis, type RetryPolicy } from './retry/retry-policy';
export { isRetryableHttpStatus, parseRetryAfter, classifyHttpFailure } from './retry/http-status';
export { GrpcStatus, classifyGrpcFailure, decodeRetryInfoDelayMillis } from './retry/grpc-status';
export { sendWithRetry, type FinalResponse, type SendOptions } from './retry/retrying-sender';
export type { ExporterTransport, TransportResponse } from './transport/transport';
export { splitResourceMetrics, countDataPoints } from './export/batch-splitter';
export {
  PROTOBUF_METRICS_SERIALIZER,
  JSON_METRICS_SERIALIZER,
  type MetricsSerializer,
  type ExportMetricsServiceResponse,
} from './export/serializer';
export type { Exemplar } from './encoding/exemplar';
export { DEFAULT_ENCODING_SLICE_MILLIS } from './encoding/slice-clock';
export { OTLPMetricExporterBase, type ShutdownOptions } from './export/otlp-metric-exporter-base';
