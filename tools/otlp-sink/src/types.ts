/** Options of {@link startOtlpSink}. */
export interface OtlpSinkOptions {
  /** Interface both servers listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** OTLP/HTTP port. Default 0 (a free port). `null` or `false`: no HTTP server. */
  httpPort?: number | null | false;
  /** OTLP/gRPC port. Default 0 (a free port). `null` or `false`: no gRPC server. */
  grpcPort?: number | null | false;
  /**
   * Serve HTTPS and gRPC over TLS with this key pair. With `ca` and `requireClientCert`, clients
   * must present a certificate signed by `ca` (mTLS).
   */
  tls?: SinkTlsOptions;
}

export interface SinkTlsOptions {
  key: Buffer | string;
  cert: Buffer | string;
  ca?: Buffer | string;
  requireClientCert?: boolean;
}

/**
 * How the sink answers one export request. Fields combine: e.g. `{ delayMs: 200, httpStatus: 503,
 * retryAfterSeconds: 1 }` answers 503 with `Retry-After: 1` after 200 ms.
 *
 * Each transport uses its own field; when only one of `httpStatus` / `grpcCode` is given, the other
 * is derived the way the OTLP specification pairs them (429 <-> RESOURCE_EXHAUSTED (8),
 * 502/503/504 <-> UNAVAILABLE (14), 400 <-> INVALID_ARGUMENT (3), ...), so one queued behaviour
 * means the same thing over both transports.
 */
export interface SinkBehaviour {
  /** Answer with this HTTP status and a google.rpc.Status body (2xx: a normal success body). */
  httpStatus?: number;
  /** Fail the gRPC call with this status code (0 = OK). */
  grpcCode?: number;
  /**
   * HTTP: `Retry-After: <seconds>` header. gRPC: a google.rpc.RetryInfo in the
   * `grpc-status-details-bin` trailer (google.rpc.Status whose details hold an Any of type
   * `type.googleapis.com/google.rpc.RetryInfo`).
   */
  retryAfterSeconds?: number;
  /** Answer only after this many milliseconds (a slow receiver). */
  delayMs?: number;
  /** Answer success with `partial_success` set in the ExportMetricsServiceResponse. */
  partialSuccess?: { rejectedDataPoints: number; errorMessage: string };
  /** HTTP: destroy the socket without answering. gRPC: reset the call's stream (RST_STREAM CANCEL). */
  dropConnection?: boolean;
  /** Answer success (HTTP 200 / gRPC OK) with a body that does not decode as a response. */
  malformedResponse?: boolean;
}

/** One export request the sink received and decoded. */
export interface ReceivedRequest {
  transport: 'http' | 'grpc';
  encoding: 'protobuf' | 'json';
  /** `Content-Encoding: gzip` (HTTP) or `grpc-encoding: gzip` (gRPC). */
  compressed: boolean;
  /** Lower-cased HTTP headers, or the gRPC metadata (binary values as base64). */
  headers: Record<string, string>;
  /** HTTP path, or the gRPC method path. */
  path: string;
  /**
   * Body size: HTTP, as sent on the wire (compressed if it was); gRPC, the size of the protobuf
   * message after grpc-js decompressed it (grpc-js does not expose the framed size).
   */
  bytes: number;
  /**
   * The decoded ExportMetricsServiceRequest as a plain object, whatever the encoding: protobufjs
   * `toObject` with lowerCamelCase field names, 64-bit integers (times, counts, as_int) as decimal
   * strings (nanosecond times do not fit a double), enums as numbers, bytes as base64 strings,
   * defaults and empty arrays filled in, and oneof discriminators (`value: 'asDouble'`,
   * `data: 'sum'`).
   */
  body: any;
  /** Index of this request in `sink.requests`. */
  index: number;
  /**
   * Whether the sink answered success (HTTP 2xx / gRPC OK, partial success included). False when a
   * behaviour made it fail, drop, or when the answer is still pending.
   */
  accepted: boolean;
}

export type PointKind = 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary';

/** One data point, with its metric, scope and resource, flattened for easy assertions. */
export interface ReceivedPoint {
  /** Resource attributes, values unwrapped from AnyValue. */
  resource: Record<string, unknown>;
  scopeName: string;
  scopeVersion?: string;
  name: string;
  description: string;
  unit: string;
  kind: PointKind;
  /** Absent for gauges and summaries (and when the sender left it UNSPECIFIED). */
  temporality?: 'delta' | 'cumulative';
  /** Sums only. */
  isMonotonic?: boolean;
  /** Point attributes, values unwrapped from AnyValue (int64 as number, bytes as base64). */
  attributes: Record<string, unknown>;
  /** Nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano: string;
  timeUnixNano: string;
  /** Sum and gauge points. */
  value?: number;
  /** Whether a sum/gauge value was sent as `as_int` (true) or `as_double` (false). */
  isInt?: boolean;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: number;
  zeroThreshold?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  /** Summary points. */
  quantileValues?: { quantile: number; value: number }[];
  /** Number of exemplars attached to the point. */
  exemplarCount: number;
  /** The point's exemplars, decoded (empty when it has none). */
  exemplars: ReceivedExemplar[];
  flags: number;
  /** Index in `sink.requests` of the request that carried the point. */
  requestIndex: number;
}

/** One exemplar of a received point (OTLP `Exemplar`), unwrapped for assertions. */
export interface ReceivedExemplar {
  /** `filtered_attributes`, values unwrapped from AnyValue. */
  filteredAttributes: Record<string, unknown>;
  /** Nanoseconds since the epoch, as a decimal string. */
  timeUnixNano: string;
  value: number;
  /** Whether the value was sent as `as_int` (true) or `as_double` (false). */
  isInt: boolean;
  /** 32 lowercase hex digits; undefined when the exemplar has no span. */
  traceId?: string;
  /** 16 lowercase hex digits; undefined when the exemplar has no span. */
  spanId?: string;
}

export interface OtlpSink {
  /** `http://127.0.0.1:PORT` (`https://` with tls); exporters POST to `${httpUrl}/v1/metrics`. Empty without HTTP. */
  readonly httpUrl: string;
  /** `127.0.0.1:PORT`. Empty without gRPC. */
  readonly grpcAddress: string;
  /** Every successfully decoded export request, in arrival order (also those a behaviour failed). */
  readonly requests: ReceivedRequest[];
  /** Every point of every request in `requests`, in order. */
  points(): ReceivedPoint[];
  /** Resolves once `requests.length >= count`; rejects after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the first point (already received or arriving) matching; rejects after `timeoutMs` (default 5000). */
  waitForPoints(predicate: (p: ReceivedPoint) => boolean, timeoutMs?: number): Promise<ReceivedPoint>;
  /**
   * Calls `listener` for every decoded request as it arrives (before its answer), with its points.
   * Returns a function that removes the listener. Used by the CLI to print points.
   */
  onRequest(listener: (request: ReceivedRequest, points: ReceivedPoint[]) => void): () => void;
  /** Queue behaviours: the next requests take them in order, one each; afterwards the default applies. */
  enqueue(...behaviours: SinkBehaviour[]): void;
  /** Behaviour for requests when the queue is empty; `undefined` = plain success. */
  setDefaultBehaviour(b: SinkBehaviour | undefined): void;
  /** Every export request that arrived, including failed, undecodable or unsupported ones. */
  attempts: number;
  /** Clear requests, attempts and queued behaviours (the default behaviour stays; set it to `undefined` to clear it). */
  reset(): void;
  /** Close both servers and destroy every open connection and pending delayed answer. */
  close(): Promise<void>;
}
