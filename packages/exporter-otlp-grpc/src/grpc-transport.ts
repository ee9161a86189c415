// One unary call of opentelemetry.proto.collector.metrics.v1.MetricsService/Export per send.
// The request is already protobuf (meterkit's encoder in @meterkit/otlp-exporter-base), so the
// client passes the encoded Buffer through (identity serializer): no .proto loading, no copy.
import * as grpc from '@grpc/grpc-js';
import { classifyGrpcFailure, GrpcStatus, OTLPExporterError, type ExporterTransport, type TransportResponse } from '@meterkit/otlp-exporter-base';

export const EXPORT_METHOD_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

export interface GrpcTransportOptions {
  address: string;
  credentials: grpc.ChannelCredentials;
  metadata: grpc.Metadata;
  compression: 'gzip' | 'none';
  userAgent: string;
}

const passThrough = (value: Buffer): Buffer => value;

export class GrpcTransport implements ExporterTransport {
  private _client?: grpc.Client;

  constructor(private readonly _options: GrpcTransportOptions) {}

  // The channel is created on first use, so constructing an exporter opens no connection.
  private _getClient(): grpc.Client {
    this._client ??= new grpc.Client(this._options.address, this._options.credentials, {
      'grpc.primary_user_agent': this._options.userAgent,
      // compressionAlgorithms.gzip; 0 is identity.
      'grpc.default_compression_algorithm': this._options.compression === 'gzip' ? 2 : 0,
    });
    return this._client;
  }

  send(data: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse> {
    if (signal.aborted) return Promise.resolve({ status: 'failure', error: new OTLPExporterError('export aborted by shutdown') });
    return new Promise<TransportResponse>((resolve) => {
      const onAbort = () => call.cancel();
      const call = this._getClient().makeUnaryRequest<Buffer, Buffer>(
        EXPORT_METHOD_PATH,
        passThrough,
        passThrough,
        Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        // Metadata is consumed per call; clone so every attempt carries the headers.
        this._options.metadata.clone(),
        { deadline: Date.now() + timeoutMillis },
        (error, response) => {
          signal.removeEventListener('abort', onAbort);
          if (!error) {
            resolve({ status: 'success', data: response });
            return;
          }
          if (signal.aborted) {
            resolve({ status: 'failure', error: new OTLPExporterError('export aborted by shutdown', GrpcStatus.CANCELLED) });
            return;
          }
          const details = error.metadata?.get('grpc-status-details-bin')[0];
          resolve(classifyGrpcFailure(error.code, error.details, Buffer.isBuffer(details) ? details : undefined));
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  shutdown(): void {
    this._client?.close();
  }
}
