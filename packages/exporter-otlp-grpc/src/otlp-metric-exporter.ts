import * as grpc from '@grpc/grpc-js';
import {
  OTLPMetricExporterBase,
  PROTOBUF_METRICS_SERIALIZER,
  resolveGrpcConfiguration,
  type GrpcConfiguration,
  type OTLPMetricExporterGrpcBaseOptions,
} from '@meterkit/otlp-exporter-base';
import { rejectUnknownOptions } from '@meterkit/sdk-metrics-core';
import { GrpcTransport } from './grpc-transport';
import { OPTION_NAMES } from './option-names';
import { VERSION } from './version';

/** Options of the OTLP/gRPC {@link OTLPMetricExporter}: the shared OTLP options plus gRPC credentials and metadata; unset options come from `OTEL_EXPORTER_OTLP_*` variables. */
export interface OTLPMetricExporterOptions extends OTLPMetricExporterGrpcBaseOptions {
  /**
   * Channel credentials; win over the scheme of `url` and the certificate variables. E.g.
   * `grpc.credentials.createSsl(ca, key, cert)` for mTLS, `grpc.credentials.createInsecure()`.
   */
  credentials?: grpc.ChannelCredentials;
  /** Sent with every call, merged over OTEL_EXPORTER_OTLP_[METRICS_]HEADERS. */
  metadata?: grpc.Metadata;
}

/**
 * Sends metrics to an OTLP/gRPC endpoint (MetricsService/Export) with @grpc/grpc-js, from
 * options and the OTEL_EXPORTER_OTLP_* variables. Use behind a PeriodicExportingMetricReader.
 */
export class OTLPMetricExporter extends OTLPMetricExporterBase {
  constructor(options: OTLPMetricExporterOptions = {}) {
    rejectUnknownOptions(options, OPTION_NAMES, 'OTLPMetricExporter (OTLP/gRPC)');
    const config = resolveGrpcConfiguration(options);
    const transport = new GrpcTransport({
      address: config.address,
      credentials: options.credentials ?? credentialsFrom(config),
      metadata: metadataFrom(config, options.metadata),
      compression: config.compression,
      userAgent: `meterkit-otlp-grpc/${VERSION}`,
    });
    super(config, transport, PROTOBUF_METRICS_SERIALIZER, 'OTLP/gRPC metric exporter');
  }
}

function credentialsFrom(config: GrpcConfiguration): grpc.ChannelCredentials {
  if (!config.secure) return grpc.credentials.createInsecure();
  const { ca, key, cert } = config.envTls;
  return grpc.credentials.createSsl(ca ?? null, key ?? null, cert ?? null);
}

function metadataFrom(config: GrpcConfiguration, fromOptions: grpc.Metadata | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(config.envHeaders)) metadata.set(key, value);
  if (fromOptions !== undefined) {
    // Options win: a key they set replaces the environment's value(s).
    for (const [key, values] of Object.entries(fromOptions.toJSON())) {
      metadata.remove(key);
      for (const value of values) metadata.add(key, value);
    }
  }
  return metadata;
}
