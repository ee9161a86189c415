// What to build, whichever way it was configured (OTEL_* variables or OTEL_CONFIG_FILE):
// both sources are turned into this plan, and one builder turns the plan into readers.
import type { Resource } from '@opentelemetry/resources';
import type { ViewOptions } from '@meterkit/views';

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
export type TemporalityPreference = 'cumulative' | 'delta' | 'low_memory';
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

export interface ConsoleExporterPlan {
  kind: 'console';
  temporality?: TemporalityPreference;
  histogram?: HistogramPreference;
}

export interface PeriodicReaderPlan {
  kind: 'periodic';
  exporter: OtlpExporterPlan | ConsoleExporterPlan;
  intervalMillis?: number;
  timeoutMillis?: number;
  cardinalityLimits?: CardinalityLimitsPlan;
}

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

export type ReaderPlan = PeriodicReaderPlan | PrometheusReaderPlan;

export interface Plan {
  source: 'environment' | 'file';
  disabled: boolean;
  resource: Resource;
  readers: ReaderPlan[];
  views: ViewOptions[];
  /** Level of the stderr logger for `diag` (OTEL_LOG_LEVEL or the file's log_level); none when absent. */
  logLevel?: LogLevel;
}
