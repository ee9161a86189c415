import { normalizeOtlpJson } from './otlp-json';
import { loadSchema, TO_OBJECT_OPTIONS } from './schema';

export type Encoding = 'protobuf' | 'json';

/**
 * Decodes an ExportMetricsServiceRequest body into the plain-object form of
 * ReceivedRequest.body. Throws on anything that is not a valid request.
 */
export function decodeRequest(buf: Buffer, encoding: Encoding): any {
  const { ExportMetricsServiceRequest: T } = loadSchema();
  let message;
  if (encoding === 'protobuf') {
    message = T.decode(buf);
  } else {
    const parsed = JSON.parse(buf.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new TypeError('OTLP/JSON body must be a JSON object');
    }
    message = T.fromObject(normalizeOtlpJson(parsed) as Record<string, unknown>);
  }
  return T.toObject(message, TO_OBJECT_OPTIONS);
}

/** ExportMetricsServiceResponse, with partial_success only when asked for. */
export function encodeResponse(
  encoding: Encoding,
  partialSuccess?: { rejectedDataPoints: number; errorMessage: string },
): Buffer {
  const { ExportMetricsServiceResponse: T } = loadSchema();
  const message = T.fromObject(partialSuccess ? { partialSuccess } : {});
  if (encoding === 'protobuf') return Buffer.from(T.encode(message).finish());
  // OTLP/JSON: int64 as a decimal string, fields left out when not set.
  return Buffer.from(JSON.stringify(T.toObject(message, { longs: String, enums: Number })));
}

/**
 * A google.rpc.Status, the body of OTLP/HTTP error answers and, for gRPC, the content of the
 * `grpc-status-details-bin` trailer. With `retryAfterSeconds`, details carry a
 * google.rpc.RetryInfo (protobuf only: the JSON form of Any needs a type registry, and HTTP
 * clients read Retry-After anyway).
 */
export function encodeStatus(
  encoding: Encoding,
  code: number,
  message: string,
  retryAfterSeconds?: number,
): Buffer {
  const { Status, RetryInfo, Any } = loadSchema();
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const details = [];
  if (retryAfterSeconds !== undefined) {
    const seconds = Math.floor(retryAfterSeconds);
    const nanos = Math.round((retryAfterSeconds - seconds) * 1e9);
    const retryInfo = RetryInfo.encode(RetryInfo.fromObject({ retryDelay: { seconds, nanos } })).finish();
    // protobufjs's bundled google.protobuf.Any keeps the snake_case name `type_url`.
    details.push(Any.fromObject({ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo }));
  }
  return Buffer.from(Status.encode(Status.fromObject({ code, message, details })).finish());
}

/** A 200/OK body that does not decode as ExportMetricsServiceResponse. */
export function malformedResponse(encoding: Encoding): Buffer {
  // protobuf: field 1 (partial_success), length-delimited, claims 16 bytes but carries 1.
  return encoding === 'protobuf' ? Buffer.from([0x0a, 0x10, 0x01]) : Buffer.from('{"partialSuccess": {');
}
