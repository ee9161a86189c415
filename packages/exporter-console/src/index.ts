// @meterkit/exporter-console: prints each metric export in the OTLP shape, for debugging.
export { ConsoleMetricExporter } from './console-metric-exporter';
export type { ConsoleMetricExporterOptions, ConsoleMetricExporterStream } from './console-metric-exporter';
export type { ConsoleFormat } from './render';
export { toOtlpDocument, hrTimeToNanosString, OTLP_TEMPORALITY } from './otlp-document';
export { toSafeValue, DEFAULT_SAFE_VALUE_LIMITS } from './safe-value';
export type { SafeJson, SafeValueLimits } from './safe-value';
