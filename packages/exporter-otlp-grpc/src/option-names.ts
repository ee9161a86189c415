// The option names OTLPMetricExporter (gRPC) takes, for rejectUnknownOptions. Written as a
// Record over the options type (the shared names come from @meterkit/otlp-exporter-base) so
// that adding an option to the interface without adding it here (or listing a name the
// interface lacks) fails to compile, instead of the new option being refused at run time.
import { SHARED_OPTION_NAMES } from '@meterkit/otlp-exporter-base';
import type { OTLPMetricExporterOptions } from './otlp-metric-exporter';

const NAMES: Record<keyof OTLPMetricExporterOptions, true> = {
  url: true,
  credentials: true,
  metadata: true,
  ...SHARED_OPTION_NAMES,
};

export const OPTION_NAMES: readonly string[] = Object.keys(NAMES);
