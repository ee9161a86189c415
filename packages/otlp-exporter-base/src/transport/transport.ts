// What an exporter's transport (HTTP or gRPC) reports for one attempt. The transport only
// classifies; the retrying sender decides whether and when to try again.

/** What a transport reports for one attempt: success, a retryable failure (with the delay the server asked for, if any), or a final failure. */
export type TransportResponse =
  | { status: 'success'; data?: Uint8Array }
  | {
      status: 'retryable';
      error: Error;
      /** Delay the server asked for (Retry-After, RetryInfo); the backoff is used when absent. */
      retryAfterMillis?: number;
    }
  | { status: 'failure'; error: Error };

/** Sends serialized OTLP requests over one protocol (HTTP, gRPC or your own) and classifies each outcome; retrying is left to the exporter. */
export interface ExporterTransport {
  /**
   * Sends one serialized request. Must settle by `timeoutMillis` and when `signal` aborts,
   * and must not throw: every outcome is a TransportResponse.
   */
  send(data: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse>;
  /** Releases sockets and channels. */
  shutdown(): void;
}
