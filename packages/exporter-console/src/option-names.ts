// The option names ConsoleMetricExporter takes, for rejectUnknownOptions. Written as a Record
// over the options type so that the list and the interface cannot drift apart silently.
import type { ConsoleMetricExporterOptions } from './console-metric-exporter';

const NAMES: Record<keyof ConsoleMetricExporterOptions, true> = {
  format: true,
  temporality: true,
  temporalitySelector: true,
  aggregationSelector: true,
  stream: true,
  maxStringLength: true,
  timeoutMillis: true,
};

export const OPTION_NAMES: readonly string[] = Object.keys(NAMES);
