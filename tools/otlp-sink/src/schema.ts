import * as path from 'path';
// Default import: protobufjs is CommonJS, and its named exports are not visible to Node's ESM loader.
import protobuf from 'protobufjs';

// The .proto files live in tools/otlp-sink/proto, one level above both src/ (tests, ts-jest) and
// dist/ (built package), so the same relative path works for both.
const PROTO_DIR = path.resolve(__dirname, '..', 'proto');

const FILES = [
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'google/rpc/status.proto',
  'google/rpc/retry_info.proto',
];

/** The OTLP metrics schema and the google.rpc error messages, loaded once. */
export interface OtlpSchema {
  root: protobuf.Root;
  ExportMetricsServiceRequest: protobuf.Type;
  ExportMetricsServiceResponse: protobuf.Type;
  Status: protobuf.Type;
  RetryInfo: protobuf.Type;
  Any: protobuf.Type;
}

let cached: OtlpSchema | undefined;

export function loadSchema(): OtlpSchema {
  if (cached) return cached;
  const root = new protobuf.Root();
  // Imports are written relative to the proto root (as in the OTLP repository); google/protobuf/*
  // come from the definitions bundled with protobufjs, which it substitutes by itself.
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  root.loadSync(FILES, { keepCase: false });
  root.resolveAll();
  cached = {
    root,
    ExportMetricsServiceRequest: root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
    ),
    ExportMetricsServiceResponse: root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
    ),
    Status: root.lookupType('google.rpc.Status'),
    RetryInfo: root.lookupType('google.rpc.RetryInfo'),
    Any: root.lookupType('google.protobuf.Any'),
  };
  return cached;
}

/** Where the .proto files are, for tools that want to load them themselves. */
export const protoDir = PROTO_DIR;

/**
 * How decoded messages are turned into plain objects (see ReceivedRequest.body): 64-bit integers
 * as decimal strings because nanosecond timestamps exceed 2^53.
 */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: true,
  arrays: true,
  oneofs: true,
};
