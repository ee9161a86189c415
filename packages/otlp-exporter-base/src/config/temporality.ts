// The exporter's temporality and default-aggregation preferences (metrics/sdk_exporters/otlp.md),
// turned into the selectors a MetricReader asks through the exporter.
import {
  AggregationTemporality,
  AggregationType,
  CUMULATIVE_TEMPORALITY_SELECTOR,
  DELTA_TEMPORALITY_SELECTOR,
  InstrumentType,
  LOW_MEMORY_TEMPORALITY_SELECTOR,
  type AggregationOption,
  type AggregationSelector,
  type AggregationTemporalitySelector,
} from '@meterkit/sdk-metrics-core';
import { OTLPConfigurationError } from '../errors';

/** Same values as the official exporters' enum, so options carry over unchanged. */
export enum AggregationTemporalityPreference {
  DELTA = 0,
  CUMULATIVE = 1,
  LOWMEMORY = 2,
}

/** A temporality preference as the option takes it: the enum of the official exporters, an `AggregationTemporality`, or `cumulative` / `delta` / `lowmemory`. */
export type TemporalityPreferenceOption =
  | AggregationTemporalityPreference
  | AggregationTemporality
  | 'cumulative'
  | 'delta'
  | 'lowmemory'
  | AggregationTemporalitySelector;

/** Parses OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (case-insensitive). */
export function parseTemporalityPreference(value: string, source: string): AggregationTemporalityPreference {
  switch (value.toLowerCase()) {
    case 'cumulative':
      return AggregationTemporalityPreference.CUMULATIVE;
    case 'delta':
      return AggregationTemporalityPreference.DELTA;
    case 'lowmemory':
      return AggregationTemporalityPreference.LOWMEMORY;
    default:
      throw new OTLPConfigurationError(
        `${source}: "${value}" is not a temporality preference; expected "cumulative", "delta" or "lowmemory"`,
      );
  }
}

/** The temporality selector for a temporality preference (cumulative, delta or low memory). */
export function temporalitySelectorFor(
  preference: TemporalityPreferenceOption,
  source = 'temporalityPreference',
): AggregationTemporalitySelector {
  if (typeof preference === 'function') return preference;
  if (typeof preference === 'string') preference = parseTemporalityPreference(preference, source);
  // AggregationTemporality.DELTA/CUMULATIVE share their numeric values with the preference enum.
  switch (preference) {
    case AggregationTemporalityPreference.CUMULATIVE:
      return CUMULATIVE_TEMPORALITY_SELECTOR;
    case AggregationTemporalityPreference.DELTA:
      return DELTA_TEMPORALITY_SELECTOR;
    case AggregationTemporalityPreference.LOWMEMORY:
      return LOW_MEMORY_TEMPORALITY_SELECTOR;
    default:
      throw new OTLPConfigurationError(
        `${source}: ${String(preference)} is not a temporality preference; expected AggregationTemporalityPreference.CUMULATIVE, DELTA or LOWMEMORY, or "cumulative", "delta", "lowmemory"`,
      );
  }
}

/** Values of `OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`. */
export type DefaultHistogramAggregation = 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram';

/** Parses OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION (case-insensitive). */
export function parseDefaultHistogramAggregation(value: string, source: string): DefaultHistogramAggregation {
  const lower = value.toLowerCase();
  if (lower === 'explicit_bucket_histogram' || lower === 'base2_exponential_bucket_histogram') return lower;
  throw new OTLPConfigurationError(
    `${source}: "${value}" is not a histogram aggregation; expected "explicit_bucket_histogram" or "base2_exponential_bucket_histogram"`,
  );
}

const DEFAULT_AGGREGATION: AggregationOption = { type: AggregationType.DEFAULT };
const EXPONENTIAL_HISTOGRAM: AggregationOption = { type: AggregationType.EXPONENTIAL_HISTOGRAM };

/** The aggregation selector for a default histogram aggregation (explicit buckets or base-2 exponential). */
export function aggregationSelectorFor(histogram: DefaultHistogramAggregation): AggregationSelector {
  if (histogram === 'explicit_bucket_histogram') return () => DEFAULT_AGGREGATION;
  return (type: InstrumentType) => (type === InstrumentType.HISTOGRAM ? EXPONENTIAL_HISTOGRAM : DEFAULT_AGGREGATION);
}
