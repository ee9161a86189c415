// The option names OTLPMetricExporter (HTTP) takes, for rejectUnknownOptions. Written as a
// Record over the options type so that adding an option to the interface without adding it
// here (or listing a name the interface lacks) fails to compile, instead of the new option
// being refused at run time.
import type { OTLPMetricExporterOptions } from './otlp-metric-exporter';

const NAMES: Record<keyof OTLPMetricExporterOptions, true> = {
  url: true,
  headers: true,
  protocol: true,
  httpAgentOptions: true,
  timeoutMillis: true,
  compression: true,
  temporalityPreference: true,
  aggregationPreference: true,
  concurrencyLimit: true,
  maxExportBatchSize: true,
  retry: true,
};

export const OPTION_NAMES: readonly string[] = Object.keys(NAMES);
