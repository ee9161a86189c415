// What to build, whichever way it was configured (OTEL_* variables or OTEL_CONFIG_FILE):
// both sources are turned into this plan, and one builder turns the plan into readers.
import type { Resource } from '@opentelemetry/resources';
import type { ViewOptions } from '@meterkit/views';
import type { ExemplarFilter } from '@meterkit/sdk-metrics-core';

/** Level of the stderr `diag` logger (OTEL_LOG_LEVEL, or the file's `log_level`). */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';
/** OTLP transport (OTEL_EXPORTER_OTLP_METRICS_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, or the file's exporter). */
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
/** Temporality preference of a push exporter, with the names of the configuration schema. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'low_memory';
/** Default histogram aggregation of a push exporter, with the names of the configuration schema. */
export type HistogramPreference = 'explicit_bucket_histogram' | 'base2_exponential_bucket_histogram';

/** Limits per instrument kind, with the names of the configuration schema. */
export interface CardinalityLimitsPlan {
  default?: number;
  counter?: number;
  gauge?: number;
  histogram?: number;
  observable_counter?: number;
  observable_gauge?: number;
  observable_up_down_counter?: number;
  up_down_counter?: number;
}

/**
 * Settings written in a configuration file. Absent for an exporter configured from the
 * environment: it then reads the OTEL_EXPORTER_OTLP_* variables itself.
 */
export interface OtlpFileSettings {
  endpoint?: string;
  headers: Record<string, string>;
  compression?: 'gzip' | 'none';
  timeoutMillis?: number;
  temporality?: TemporalityPreference;
  histogram?: HistogramPreference;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecure?: boolean;
}

/** An OTLP exporter (from `@meterkit/exporter-otlp-http` or `@meterkit/exporter-otlp-grpc`, loaded on demand). */
export interface OtlpExporterPlan {
  kind: 'otlp';
  protocol: OtlpProtocol;
  file?: OtlpFileSettings;
  /**
   * The OTEL_EXPORTER_OTLP_* variables of an `env` handed to start() that is not
   * process.env: the exporter sees these instead of the process's own.
   */
  env?: Record<string, string>;
}

/** A console exporter (from `@meterkit/exporter-console`, loaded on demand). */
export interface ConsoleExporterPlan {
  kind: 'console';
  temporality?: TemporalityPreference;
  histogram?: HistogramPreference;
}

/** A periodic exporting reader pushing to one exporter. */
export interface PeriodicReaderPlan {
  kind: 'periodic';
  exporter: OtlpExporterPlan | ConsoleExporterPlan;
  intervalMillis?: number;
  timeoutMillis?: number;
  cardinalityLimits?: CardinalityLimitsPlan;
}

/** A Prometheus pull reader (from `@meterkit/reader-prometheus`, loaded on demand). */
export interface PrometheusReaderPlan {
  kind: 'prometheus';
  host?: string;
  port?: number;
  withoutScopeInfo?: boolean;
  withoutTargetInfo?: boolean;
  /** Resource attribute key patterns (`*`, `?`) copied onto every series. */
  resourceConstantLabels?: { included?: string[]; excluded?: string[] };
  cardinalityLimits?: CardinalityLimitsPlan;
}

/** One metric reader to build. */
export type ReaderPlan = PeriodicReaderPlan | PrometheusReaderPlan;

/**
 * What to build, whichever way it was configured: `planFromEnvironment()` and
 * `planFromConfigFile()` both return it, and `start()` builds the readers from it.
 */
export interface Plan {
  source: 'environment' | 'file';
  disabled: boolean;
  resource: Resource;
  readers: ReaderPlan[];
  views: ViewOptions[];
  /**
   * OTEL_METRICS_EXEMPLAR_FILTER or the file's `meter_provider.exemplar_filter`; absent: the
   * specification's default (trace_based). Passed to the MeterProvider explicitly, so the
   * provider never reads the process's variable behind the plan's back.
   */
  exemplarFilter?: ExemplarFilter;
  /** Level of the stderr logger for `diag` (OTEL_LOG_LEVEL or the file's log_level); none when absent. */
  logLevel?: LogLevel;
}
