/**
 * Why an OTLP export failed. `code` is the HTTP status or gRPC status code when the backend
 * answered; `data` holds what it said (response body or status message) so that users can see
 * the backend's reason in their logs.
 */
export class OTLPExporterError extends Error {
  readonly code?: number;
  readonly data?: string;
  override readonly name = 'OTLPExporterError';

  constructor(message: string, code?: number, data?: string) {
    super(message);
    this.code = code;
    this.data = data;
    Object.setPrototypeOf(this, OTLPExporterError.prototype);
  }
}

/** A configuration option or environment variable has a value the exporter cannot use. */
export class OTLPConfigurationError extends Error {
  override readonly name = 'OTLPConfigurationError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, OTLPConfigurationError.prototype);
  }
}
