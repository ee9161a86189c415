// The option names PrometheusReader takes, for rejectUnknownOptions. Written as a Record over
// the options type so that adding an option to the interface (or to SerializerOptions)
// without adding it here fails to compile, instead of the new option being refused at run time.
import type { PrometheusReaderOptions } from './prometheus-reader';

const NAMES: Record<keyof PrometheusReaderOptions, true> = {
  host: true,
  port: true,
  endpoint: true,
  preventServerStart: true,
  mergeWithPromClient: true,
  collectionTimeoutMillis: true,
  aggregationSelector: true,
  cardinalitySelector: true,
  metricProducers: true,
  withoutUnits: true,
  withoutTotalSuffix: true,
  withoutScopeInfo: true,
  withoutTargetInfo: true,
  withResourceConstantLabels: true,
};

export const OPTION_NAMES: readonly string[] = Object.keys(NAMES);
