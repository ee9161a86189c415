import type { SinkBehaviour } from './types';

/** gRPC status codes used here (google.rpc.Code). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

// The pairs the OTLP specification uses for throttling / retryable / permanent failures, so a
// behaviour written for one transport means the same on the other.
const HTTP_TO_GRPC: Record<number, number> = {
  400: GrpcCode.INVALID_ARGUMENT,
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  413: GrpcCode.RESOURCE_EXHAUSTED,
  429: GrpcCode.RESOURCE_EXHAUSTED,
  500: GrpcCode.INTERNAL,
  501: 12, // UNIMPLEMENTED
  502: GrpcCode.UNAVAILABLE,
  503: GrpcCode.UNAVAILABLE,
  504: GrpcCode.UNAVAILABLE,
};

const GRPC_TO_HTTP: Record<number, number> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504, // DEADLINE_EXCEEDED
  5: 404,
  7: 403,
  8: 429,
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501,
  13: 500,
  14: 503,
  15: 500, // DATA_LOSS
  16: 401,
};

export function httpStatusFor(b: SinkBehaviour): number {
  if (b.httpStatus !== undefined) return b.httpStatus;
  if (b.grpcCode !== undefined) return GRPC_TO_HTTP[b.grpcCode] ?? 500;
  return 200;
}

export function grpcCodeFor(b: SinkBehaviour): number {
  if (b.grpcCode !== undefined) return b.grpcCode;
  if (b.httpStatus !== undefined) {
    if (b.httpStatus >= 200 && b.httpStatus < 300) return GrpcCode.OK;
    return HTTP_TO_GRPC[b.httpStatus] ?? GrpcCode.UNKNOWN;
  }
  return GrpcCode.OK;
}
