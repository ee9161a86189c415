// Settings common to the HTTP and gRPC exporters. Precedence, as in protocol/exporter.md:
// constructor option > per-signal variable (OTEL_EXPORTER_OTLP_METRICS_*) > general variable
// (OTEL_EXPORTER_OTLP_*) > default.
import { diag } from '@opentelemetry/api';
import type { AggregationSelector, AggregationTemporalitySelector } from '@meterkit/sdk-metrics-core';
import { OTLPConfigurationError } from '../errors';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/retry-policy';
import {
  fromEnvOrDefault,
  parseCompression,
  parseHeaderList,
  parseTimeoutMillis,
  readEnv,
  readFileFromEnv,
  readSignalEnv,
  type Compression,
  type Env,
} from './env';
import {
  aggregationSelectorFor,
  parseDefaultHistogramAggregation,
  parseTemporalityPreference,
  temporalitySelectorFor,
  type TemporalityPreferenceOption,
} from './temporality';

/** Time limit of one export, retries included, when neither options nor environment give one (10 s). */
export const DEFAULT_TIMEOUT_MILLIS = 10_000;
/** How many export requests an exporter keeps in flight at most when no limit is given. */
export const DEFAULT_CONCURRENCY_LIMIT = 30;

/** Options every OTLP metric exporter takes, with the names of the official exporters (`url`, `headers`, `compression`, `timeoutMillis`, `temporalityPreference`, ...). */
export interface OTLPMetricExporterSharedOptions {
  /** Budget of one export request, retries included (OTEL_EXPORTER_OTLP_[METRICS_]TIMEOUT; default 10000). */
  timeoutMillis?: number;
  /** OTEL_EXPORTER_OTLP_[METRICS_]COMPRESSION; default "none". */
  compression?: Compression;
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE; default cumulative. */
  temporalityPreference?: TemporalityPreferenceOption;
  /** OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION; default: the SDK default for every instrument. */
  aggregationPreference?: AggregationSelector;
  /** Exports allowed in flight at once; one more fails at once rather than queueing (default 30). */
  concurrencyLimit?: number;
  /** Largest number of data points in one request; bigger exports are split (default: no limit). */
  maxExportBatchSize?: number;
  /** Advanced: backoff of retries (defaults: 5 attempts, 1 s initial, x1.5, 5 s max, 20 % jitter). */
  retry?: Partial<RetryPolicy>;
}

/**
 * The names of {@link OTLPMetricExporterSharedOptions}, for each exporter's list of accepted
 * option names (`rejectUnknownOptions`). A Record over the interface, so an option added to it
 * without being added here (or a name it lacks) fails to compile.
 */
export const SHARED_OPTION_NAMES: Readonly<Record<keyof OTLPMetricExporterSharedOptions, true>> = Object.freeze({
  timeoutMillis: true,
  compression: true,
  temporalityPreference: true,
  aggregationPreference: true,
  concurrencyLimit: true,
  maxExportBatchSize: true,
  retry: true,
});

/** PEM contents for TLS: the CA to trust and, for mTLS, the client key and certificate. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The resolved options shared by the OTLP exporters: every option checked and defaulted. */
export interface SharedConfiguration {
  timeoutMillis: number;
  compression: Compression;
  temporalitySelector: AggregationTemporalitySelector;
  aggregationSelector: AggregationSelector;
  concurrencyLimit: number;
  maxExportBatchSize: number;
  retry: RetryPolicy;
  /** Headers (HTTP) or metadata (gRPC) from the environment; the exporter merges its options over them. */
  envHeaders: Record<string, string>;
  /** PEM contents from OTEL_EXPORTER_OTLP_[METRICS_]CERTIFICATE / CLIENT_CERTIFICATE / CLIENT_KEY. */
  envTls: TlsFiles;
}

const P = 'OTEL_EXPORTER_OTLP_';
const M = 'OTEL_EXPORTER_OTLP_METRICS_';

/** Resolves the options shared by the OTLP exporters from options, then `OTEL_EXPORTER_OTLP_*` variables, then defaults. */
export function resolveSharedConfiguration(
  options: OTLPMetricExporterSharedOptions,
  env: Env = process.env,
): SharedConfiguration {
  return {
    timeoutMillis: resolveTimeout(options, env),
    compression: resolveCompression(options, env),
    temporalitySelector: resolveTemporality(options, env),
    aggregationSelector: resolveAggregation(options, env),
    concurrencyLimit: positiveInteger(options.concurrencyLimit, 'concurrencyLimit', DEFAULT_CONCURRENCY_LIMIT),
    maxExportBatchSize: positiveInteger(options.maxExportBatchSize, 'maxExportBatchSize', Infinity),
    retry: resolveRetry(options.retry),
    envHeaders: resolveEnvHeaders(env),
    envTls: resolveEnvTls(env),
  };
}

function resolveTimeout(options: OTLPMetricExporterSharedOptions, env: Env): number {
  if (options.timeoutMillis !== undefined) {
    if (typeof options.timeoutMillis !== 'number' || !Number.isFinite(options.timeoutMillis) || options.timeoutMillis <= 0) {
      throw new OTLPConfigurationError(
        `timeoutMillis: ${String(options.timeoutMillis)} is not valid; expected a positive number of milliseconds`,
      );
    }
    return options.timeoutMillis;
  }
  const fromEnv = readSignalEnv(env, `${P}TIMEOUT`, `${M}TIMEOUT`);
  return (fromEnv && fromEnvOrDefault(() => parseTimeoutMillis(fromEnv.value, fromEnv.name), `using ${DEFAULT_TIMEOUT_MILLIS} ms`)) || DEFAULT_TIMEOUT_MILLIS;
}

function resolveCompression(options: OTLPMetricExporterSharedOptions, env: Env): Compression {
  if (options.compression !== undefined) return parseCompression(String(options.compression), 'compression');
  const fromEnv = readSignalEnv(env, `${P}COMPRESSION`, `${M}COMPRESSION`);
  return (fromEnv && fromEnvOrDefault(() => parseCompression(fromEnv.value, fromEnv.name), 'using "none"')) || 'none';
}

function resolveTemporality(options: OTLPMetricExporterSharedOptions, env: Env): AggregationTemporalitySelector {
  if (options.temporalityPreference !== undefined) return temporalitySelectorFor(options.temporalityPreference);
  const name = `${M}TEMPORALITY_PREFERENCE`;
  const value = readEnv(env, name);
  const preference = value === undefined ? undefined : fromEnvOrDefault(() => parseTemporalityPreference(value, name), 'using "cumulative"');
  return temporalitySelectorFor(preference ?? 'cumulative', name);
}

function resolveAggregation(options: OTLPMetricExporterSharedOptions, env: Env): AggregationSelector {
  if (options.aggregationPreference !== undefined) {
    if (typeof options.aggregationPreference !== 'function') {
      throw new OTLPConfigurationError('aggregationPreference: expected a function (instrumentType) => AggregationOption');
    }
    return options.aggregationPreference;
  }
  const name = `${M}DEFAULT_HISTOGRAM_AGGREGATION`;
  const value = readEnv(env, name);
  const histogram = value === undefined
    ? undefined
    : fromEnvOrDefault(() => parseDefaultHistogramAggregation(value, name), 'using "explicit_bucket_histogram"');
  return aggregationSelectorFor(histogram ?? 'explicit_bucket_histogram');
}

function positiveInteger(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new OTLPConfigurationError(`${option}: ${String(value)} is not valid; expected a positive integer`);
  }
  return value;
}

function resolveRetry(retry: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new OTLPConfigurationError(`retry.maxAttempts: ${policy.maxAttempts} is not valid; expected a positive integer`);
  }
  for (const key of ['initialBackoffMillis', 'maxBackoffMillis', 'backoffMultiplier', 'jitter'] as const) {
    if (typeof policy[key] !== 'number' || !Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new OTLPConfigurationError(`retry.${key}: ${String(policy[key])} is not valid; expected a non-negative number`);
    }
  }
  if (policy.jitter > 1) {
    throw new OTLPConfigurationError(`retry.jitter: ${policy.jitter} is not valid; expected a fraction between 0 and 1`);
  }
  return policy;
}

/** General headers, then the per-signal ones over them (a key set in both takes the per-signal value). */
function resolveEnvHeaders(env: Env): Record<string, string> {
  const general = readEnv(env, `${P}HEADERS`);
  const signal = readEnv(env, `${M}HEADERS`);
  return {
    ...(general === undefined ? {} : parseHeaderList(general, `${P}HEADERS`)),
    ...(signal === undefined ? {} : parseHeaderList(signal, `${M}HEADERS`)),
  };
}

function resolveEnvTls(env: Env): TlsFiles {
  const tls: TlsFiles = {};
  const ca = readSignalEnv(env, `${P}CERTIFICATE`, `${M}CERTIFICATE`);
  const cert = readSignalEnv(env, `${P}CLIENT_CERTIFICATE`, `${M}CLIENT_CERTIFICATE`);
  const key = readSignalEnv(env, `${P}CLIENT_KEY`, `${M}CLIENT_KEY`);
  const read = (from: { value: string; name: string }) =>
    fromEnvOrDefault(() => readFileFromEnv(from.value, from.name), 'continuing without it');
  if (ca) tls.ca = read(ca);
  if (cert) tls.cert = read(cert);
  if (key) tls.key = read(key);
  for (const k of ['ca', 'cert', 'key'] as const) if (tls[k] === undefined) delete tls[k];
  return tls;
}

/** OTEL_EXPORTER_OTLP_[METRICS_]PROTOCOL; undefined when unset or unknown (which warns). */
export function readProtocolFromEnv(env: Env): { value: 'grpc' | 'http/protobuf' | 'http/json'; name: string } | undefined {
  const fromEnv = readSignalEnv(env, `${P}PROTOCOL`, `${M}PROTOCOL`);
  if (!fromEnv) return undefined;
  const value = fromEnv.value.toLowerCase();
  if (value === 'grpc' || value === 'http/protobuf' || value === 'http/json') return { value, name: fromEnv.name };
  diag.warn(`${fromEnv.name}: "${fromEnv.value}" is not an OTLP protocol; expected "grpc", "http/protobuf" or "http/json"; using the exporter's default`);
  return undefined;
}
