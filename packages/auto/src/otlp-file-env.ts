// A config file's OTLP exporter settings written as the OTEL_EXPORTER_OTLP_METRICS_*
// variables they mirror (the schema's fields are those variables, one to one), for
// withOtlpEnv(): the exporter then resolves them with its own, tested, rules.
import type { OtlpFileSettings } from './plan';

const M = 'OTEL_EXPORTER_OTLP_METRICS_';

/** 0 means "no limit" in the file; the exporter needs a positive number: the largest timer delay. */
const NO_LIMIT_MILLIS = 2_147_483_647;

export function otlpFileSettingsAsEnv(settings: OtlpFileSettings): Record<string, string> {
  const env: Record<string, string> = {};
  if (settings.endpoint !== undefined) env[`${M}ENDPOINT`] = settings.endpoint;
  const headers = Object.entries(settings.headers);
  if (headers.length > 0) env[`${M}HEADERS`] = headers.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(',');
  if (settings.compression !== undefined) env[`${M}COMPRESSION`] = settings.compression;
  if (settings.timeoutMillis !== undefined) env[`${M}TIMEOUT`] = String(settings.timeoutMillis === 0 ? NO_LIMIT_MILLIS : settings.timeoutMillis);
  if (settings.temporality !== undefined) env[`${M}TEMPORALITY_PREFERENCE`] = settings.temporality === 'low_memory' ? 'lowmemory' : settings.temporality;
  if (settings.histogram !== undefined) env[`${M}DEFAULT_HISTOGRAM_AGGREGATION`] = settings.histogram;
  if (settings.caFile !== undefined) env[`${M}CERTIFICATE`] = settings.caFile;
  if (settings.certFile !== undefined) env[`${M}CLIENT_CERTIFICATE`] = settings.certFile;
  if (settings.keyFile !== undefined) env[`${M}CLIENT_KEY`] = settings.keyFile;
  if (settings.insecure !== undefined) env[`${M}INSECURE`] = String(settings.insecure);
  return env;
}
