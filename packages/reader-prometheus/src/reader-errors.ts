// The errors getMetrics() rejects with; the request handler answers both with 503.

/** getMetrics() rejects with this once the reader is shutting down (the handler answers 503). */
export class PrometheusReaderShutdownError extends Error {
  constructor() {
    super('PrometheusReader is shut down');
    this.name = 'PrometheusReaderShutdownError';
  }
}

/** getMetrics() rejects with this before the reader is registered on a MeterProvider (503). */
export class PrometheusReaderNotRegisteredError extends Error {
  constructor() {
    super('PrometheusReader is not registered on a MeterProvider yet');
    this.name = 'PrometheusReaderNotRegisteredError';
  }
}
