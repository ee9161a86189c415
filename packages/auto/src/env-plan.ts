// The plan from the OTEL_* variables (sdk-environment-variables.md). Every bad value warns
// once, naming the variable, and the specification's default is used.
import { logLevelFromEnv } from './diag-logger';
import type { Env } from './env';
import { readList, readMillis, readString } from './env';
import { resourceFromEnvironment } from './resource';
import type { OtlpExporterPlan, OtlpProtocol, Plan, ReaderPlan } from './plan';
import type { ExemplarFilter } from '@meterkit/sdk-metrics-core';
import { warn } from './warn';

const EXPORTERS = ['otlp', 'prometheus', 'console', 'none'] as const;
const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

/** OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf. */
export function otlpProtocolFromEnv(env: Env): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = readString(env, name);
    if (value === undefined) continue;
    const lower = value.toLowerCase() as OtlpProtocol;
    if (PROTOCOLS.includes(lower)) return lower;
    warn(`${name}="${value}" is not one of ${PROTOCOLS.join(', ')}; using http/protobuf`);
    return 'http/protobuf';
  }
  return 'http/protobuf';
}

/** The exporter names of OTEL_METRICS_EXPORTER, each once, unknown ones warned about and dropped. */
export function metricsExportersFromEnv(env: Env): string[] {
  const listed = readList(env, 'OTEL_METRICS_EXPORTER') ?? ['otlp'];
  const chosen: string[] = [];
  for (const name of listed) {
    if (!(EXPORTERS as readonly string[]).includes(name)) {
      warn(`OTEL_METRICS_EXPORTER: unknown exporter "${name}" ignored; known: ${EXPORTERS.join(', ')}`);
      continue;
    }
    if (!chosen.includes(name)) chosen.push(name);
  }
  // "none" means no exporter at all, whatever else is listed (as the other SDKs read it).
  if (chosen.includes('none')) {
    if (chosen.length > 1) warn('OTEL_METRICS_EXPORTER lists "none" with other exporters; no exporter is configured');
    return [];
  }
  return chosen;
}

/**
 * The plan the OTEL_* variables of `env` describe (OTEL_METRICS_EXPORTER, the export
 * interval and timeout, OTEL_SDK_DISABLED, the resource). Problems are one warning line each
 * on stderr, never an exception.
 */
export function planFromEnvironment(env: Env): Plan {
  const readers: ReaderPlan[] = [];
  const interval = readMillis(env, 'OTEL_METRIC_EXPORT_INTERVAL');
  let timeout = readMillis(env, 'OTEL_METRIC_EXPORT_TIMEOUT');
  if (timeout !== undefined && timeout > (interval ?? 60_000)) {
    warn(`OTEL_METRIC_EXPORT_TIMEOUT (${timeout}) is longer than the export interval (${interval ?? 60_000}); using the interval`);
    timeout = interval ?? 60_000;
  }
  // Explicit numbers always: the reader must not re-read (and throw on) a bad variable.
  const periodic = { intervalMillis: interval ?? 60_000, timeoutMillis: timeout ?? Math.min(30_000, interval ?? 60_000) };
  for (const name of metricsExportersFromEnv(env)) {
    if (name === 'otlp') readers.push({ kind: 'periodic', exporter: otlpExporterFromEnv(env), ...periodic });
    else if (name === 'console') readers.push({ kind: 'periodic', exporter: { kind: 'console' }, ...periodic });
    else if (name === 'prometheus') readers.push(prometheusFromEnv(env));
  }
  const exemplarFilter = exemplarFilterFromEnv(env);
  return {
    source: 'environment',
    disabled: false,
    resource: resourceFromEnvironment(env),
    readers,
    views: [],
    ...(exemplarFilter !== undefined ? { exemplarFilter } : {}),
    logLevel: logLevelFromEnv(env),
  };
}

const EXEMPLAR_FILTERS: readonly ExemplarFilter[] = ['always_on', 'always_off', 'trace_based'];

/** OTEL_METRICS_EXEMPLAR_FILTER, case-insensitive; a value naming no filter warns and leaves the default (trace_based). */
function exemplarFilterFromEnv(env: Env): ExemplarFilter | undefined {
  const raw = readString(env, 'OTEL_METRICS_EXEMPLAR_FILTER');
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase() as ExemplarFilter;
  if (EXEMPLAR_FILTERS.includes(value)) return value;
  warn(`OTEL_METRICS_EXEMPLAR_FILTER="${raw}" is not one of ${EXEMPLAR_FILTERS.join(', ')}; the default (trace_based) is used`);
  return undefined;
}

function otlpExporterFromEnv(env: Env): OtlpExporterPlan {
  const exporter = { kind: 'otlp' as const, protocol: otlpProtocolFromEnv(env) };
  if (env === process.env) return exporter;
  // Another variable set than the process's: the exporter (which reads process.env) is
  // constructed against these OTLP variables instead.
  const otlp: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith('OTEL_EXPORTER_OTLP_') && value !== undefined) otlp[name] = value;
  return { ...exporter, env: otlp };
}

function prometheusFromEnv(env: Env): ReaderPlan {
  const host = readString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost';
  const portText = readString(env, 'OTEL_EXPORTER_PROMETHEUS_PORT');
  let port = 9464;
  if (portText !== undefined) {
    const n = Number(portText);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) port = n;
    else warn(`OTEL_EXPORTER_PROMETHEUS_PORT="${portText}" is not a port number (0-65535); using 9464`);
  }
  return { kind: 'prometheus', host, port };
}
