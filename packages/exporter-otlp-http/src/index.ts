export { OTLPMetricExporter, type OTLPMetricExporterOptions } from './otlp-metric-exporter';
export { AggregationTemporalityPreference, OTLPExporterError, OTLPConfigurationError } from '@meterkit/otlp-exporter-base';
