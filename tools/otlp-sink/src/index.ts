export { startOtlpSink } from './otlp-sink';
export type {
  OtlpSink,
  OtlpSinkOptions,
  PointKind,
  ReceivedExemplar,
  ReceivedPoint,
  ReceivedRequest,
  SinkBehaviour,
  SinkTlsOptions,
} from './types';
export { OTLP_HTTP_PATH } from './http-receiver';
export { EXPORT_METHOD_PATH } from './grpc-receiver';
export { loadSchema, protoDir } from './schema';
export type { OtlpSchema } from './schema';
export { decodeRequest } from './codec';
