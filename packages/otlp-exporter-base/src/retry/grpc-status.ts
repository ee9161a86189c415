// Retry rules of OTLP/gRPC (protocol/otlp.md, "Failures" and "OTLP/gRPC Throttling"), and the
// decoding of google.rpc.RetryInfo from the grpc-status-details-bin trailer.
import * as protobuf from 'protobufjs';
import { OTLPExporterError } from '../errors';
import type { TransportResponse } from '../transport/transport';

/** gRPC status codes by number (the codes are part of the gRPC wire protocol). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const ALWAYS_RETRYABLE = new Set<number>([
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.ABORTED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

// google/rpc/status.proto, google/protobuf/any.proto, google/rpc/error_details.proto (RetryInfo)
// and google/protobuf/duration.proto, with their field numbers; built by reflection so no .proto
// file has to ship.
const Duration = new protobuf.Type('Duration')
  .add(new protobuf.Field('seconds', 1, 'int64'))
  .add(new protobuf.Field('nanos', 2, 'int32'));
const RetryInfo = new protobuf.Type('RetryInfo').add(new protobuf.Field('retryDelay', 1, 'Duration'));
const Any = new protobuf.Type('Any')
  .add(new protobuf.Field('typeUrl', 1, 'string'))
  .add(new protobuf.Field('value', 2, 'bytes'));
const Status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))
  .add(new protobuf.Field('details', 3, 'Any', 'repeated'));
new protobuf.Root().add(Duration).add(RetryInfo).add(Any).add(Status);

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

interface DecodedDuration {
  seconds?: number | { toNumber(): number };
  nanos?: number;
}

/**
 * The retry delay in a serialized google.rpc.Status (the grpc-status-details-bin trailer), or
 * undefined when it carries no RetryInfo or cannot be decoded.
 */
export function decodeRetryInfoDelayMillis(statusDetails: Uint8Array | undefined): number | undefined {
  if (statusDetails === undefined || statusDetails.length === 0) return undefined;
  try {
    const status = Status.decode(statusDetails) as unknown as { details?: { typeUrl?: string; value?: Uint8Array }[] };
    for (const detail of status.details ?? []) {
      if (detail.typeUrl !== RETRY_INFO_TYPE_URL || detail.value === undefined) continue;
      const info = RetryInfo.decode(detail.value) as unknown as { retryDelay?: DecodedDuration };
      const delay = info.retryDelay ?? {};
      const seconds = typeof delay.seconds === 'object' ? delay.seconds.toNumber() : (delay.seconds ?? 0);
      return Math.max(0, seconds * 1000 + (delay.nanos ?? 0) / 1e6);
    }
  } catch {
    // A malformed trailer is treated as absent: the code alone then decides.
  }
  return undefined;
}

/**
 * Encodes a google.rpc.Status carrying RetryInfo, as a server sends it. Used by tests; not
 * exported from the package entry.
 * @internal
 */
export function encodeRetryInfoStatus(code: number, message: string, delayMillis: number): Uint8Array {
  const seconds = Math.floor(delayMillis / 1000);
  const nanos = Math.round((delayMillis - seconds * 1000) * 1e6);
  const value = RetryInfo.encode(RetryInfo.create({ retryDelay: { seconds, nanos } })).finish();
  return Status.encode(Status.create({ code, message, details: [{ typeUrl: RETRY_INFO_TYPE_URL, value }] })).finish();
}

/** Classifies a failed gRPC export by status code (and RetryInfo in the status details) as retryable or final. */
export function classifyGrpcFailure(code: number, details: string, statusDetails?: Uint8Array): TransportResponse {
  const name = Object.keys(GrpcStatus).find((key) => GrpcStatus[key as keyof typeof GrpcStatus] === code) ?? String(code);
  const error = new OTLPExporterError(`OTLP export failed with gRPC status ${name} (${code})${details ? `: ${details}` : ''}`, code, details);
  const retryAfterMillis = decodeRetryInfoDelayMillis(statusDetails);
  if (ALWAYS_RETRYABLE.has(code)) return { status: 'retryable', error, retryAfterMillis };
  // RESOURCE_EXHAUSTED is retryable only when the server says recovery is possible (RetryInfo).
  if (code === GrpcStatus.RESOURCE_EXHAUSTED && retryAfterMillis !== undefined) {
    return { status: 'retryable', error, retryAfterMillis };
  }
  return { status: 'failure', error };
}
