import {
  JSON_METRICS_SERIALIZER,
  OTLPMetricExporterBase,
  PROTOBUF_METRICS_SERIALIZER,
  resolveHttpConfiguration,
  type OTLPMetricExporterHttpOptions,
} from '@meterkit/otlp-exporter-base';
import { rejectUnknownOptions } from '@meterkit/sdk-metrics-core';
import { HttpTransport } from './http-transport';
import { OPTION_NAMES } from './option-names';
import { VERSION } from './version';

/** Options of the OTLP/HTTP {@link OTLPMetricExporter}: the shared OTLP options plus the HTTP protocol, headers and TLS files; unset options come from `OTEL_EXPORTER_OTLP_*` variables. */
export type OTLPMetricExporterOptions = OTLPMetricExporterHttpOptions;

/**
 * Sends metrics to an OTLP/HTTP endpoint (`/v1/metrics`), protobuf by default or JSON, from
 * options and the OTEL_EXPORTER_OTLP_* variables. Use behind a PeriodicExportingMetricReader.
 */
export class OTLPMetricExporter extends OTLPMetricExporterBase {
  constructor(options: OTLPMetricExporterOptions = {}) {
    rejectUnknownOptions(options, OPTION_NAMES, 'OTLPMetricExporter (OTLP/HTTP)');
    const config = resolveHttpConfiguration(options);
    const json = config.protocol === 'http/json';
    const transport = new HttpTransport({
      url: config.url,
      headers: { 'User-Agent': `meterkit-otlp-http/${VERSION}`, ...config.headers },
      contentType: json ? 'application/json' : 'application/x-protobuf',
      compression: config.compression,
      agentOptions: config.agentOptions,
    });
    super(config, transport, json ? JSON_METRICS_SERIALIZER : PROTOBUF_METRICS_SERIALIZER, 'OTLP/HTTP metric exporter');
  }
}
