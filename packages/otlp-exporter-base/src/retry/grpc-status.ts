// Retry rules of OTLP/gRPC (protocol/otlp.md, "Failures" and "OTLP/gRPC Throttling"), and the
// decoding of google.rpc.RetryInfo from the grpc-status-details-bin trailer.
import { decodeUtf8, readFields } from '../encoding/proto-reader';
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

// google.rpc.Status { code = 1 (int32), message = 2, details = 3 (repeated google.protobuf.Any) },
// Any { type_url = 1, value = 2 (bytes) }, google.rpc.RetryInfo { retry_delay = 1 (Duration) },
// google.protobuf.Duration { seconds = 1 (int64), nanos = 2 (int32) }. Read and written by hand
// (proto-reader.ts): four small messages do not justify loading protobufjs at start-up.
const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** A varint read as a signed 64-bit (or sign-extended 32-bit) integer. */
function signed(value: number): number {
  return value >= 9223372036854775808 ? value - 18446744073709551616 : value;
}

function retryDelayMillis(retryInfo: Uint8Array): number | undefined {
  let delay: number | undefined;
  readFields(retryInfo, (f) => {
    if (f.field !== 1 || f.bytes === undefined) return;
    let seconds = 0;
    let nanos = 0;
    readFields(f.bytes, (d) => {
      if (d.wireType !== 0) return;
      if (d.field === 1) seconds = signed(d.varint);
      else if (d.field === 2) nanos = signed(d.varint);
    });
    delay = seconds * 1000 + nanos / 1e6;
  });
  // A RetryInfo without retry_delay asks for no particular delay: zero, as protobufjs read it.
  return Math.max(0, delay ?? 0);
}

/**
 * The retry delay in a serialized google.rpc.Status (the grpc-status-details-bin trailer), or
 * undefined when it carries no RetryInfo or cannot be decoded.
 */
export function decodeRetryInfoDelayMillis(statusDetails: Uint8Array | undefined): number | undefined {
  if (statusDetails === undefined || statusDetails.length === 0) return undefined;
  try {
    let result: number | undefined;
    readFields(statusDetails, (f) => {
      if (result !== undefined || f.field !== 3 || f.bytes === undefined) return;
      let typeUrl = '';
      let value: Uint8Array | undefined;
      readFields(f.bytes, (any) => {
        if (any.field === 1) typeUrl = decodeUtf8(any.bytes);
        else if (any.field === 2) value = any.bytes;
      });
      if (typeUrl === RETRY_INFO_TYPE_URL) result = retryDelayMillis(value ?? new Uint8Array(0));
    });
    return result;
  } catch {
    // A malformed trailer is treated as absent: the code alone then decides.
    return undefined;
  }
}

function varint(out: number[], value: number): void {
  // Non-negative values only (codes, lengths, durations).
  while (value > 0x7f) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

function lengthDelimited(out: number[], field: number, bytes: ArrayLike<number>): void {
  varint(out, (field << 3) | 2);
  varint(out, bytes.length);
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

/**
 * Encodes a google.rpc.Status carrying RetryInfo, as a server sends it. Used by tests; not
 * exported from the package entry.
 * @internal
 */
export function encodeRetryInfoStatus(code: number, message: string, delayMillis: number): Uint8Array {
  const seconds = Math.floor(delayMillis / 1000);
  const nanos = Math.round((delayMillis - seconds * 1000) * 1e6);
  const duration: number[] = [];
  if (seconds > 0) (varint(duration, 0x08), varint(duration, seconds));
  if (nanos > 0) (varint(duration, 0x10), varint(duration, nanos));
  const retryInfo: number[] = [];
  lengthDelimited(retryInfo, 1, duration);
  const any: number[] = [];
  lengthDelimited(any, 1, Buffer.from(RETRY_INFO_TYPE_URL, 'utf8'));
  lengthDelimited(any, 2, retryInfo);
  const status: number[] = [];
  if (code !== 0) (varint(status, 0x08), varint(status, code));
  if (message) lengthDelimited(status, 2, Buffer.from(message, 'utf8'));
  lengthDelimited(status, 3, any);
  return Uint8Array.from(status);
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
