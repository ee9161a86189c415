// Configuration of the OTLP/gRPC exporter. The endpoint's scheme decides TLS (https: secure,
// http: plaintext); without a scheme OTEL_EXPORTER_OTLP_[METRICS_]INSECURE decides, as in
// protocol/exporter.md. This module stays free of @grpc/grpc-js: the exporter builds
// credentials and metadata from what it returns.
import { diag } from '@opentelemetry/api';
import { OTLPConfigurationError } from '../errors';
import { fromEnvOrDefault, parseBoolean, readEnv, type Env } from './env';
import {
  readProtocolFromEnv,
  resolveSharedConfiguration,
  type OTLPMetricExporterSharedOptions,
  type SharedConfiguration,
} from './shared-configuration';

/** The OTLP/gRPC endpoint used when neither options nor environment give one (`http://localhost:4317`). */
export const DEFAULT_GRPC_METRICS_URL = 'http://localhost:4317';

/** The OTLP/gRPC options resolved by {@link resolveGrpcConfiguration}. */
export interface OTLPMetricExporterGrpcBaseOptions extends OTLPMetricExporterSharedOptions {
  /** `http://host:port` (plaintext), `https://host:port` (TLS) or `host:port` (default http://localhost:4317). */
  url?: string;
}

/** The resolved configuration of an OTLP/gRPC exporter: every option checked and defaulted. */
export interface GrpcConfiguration extends SharedConfiguration {
  /** `host:port` for the channel. */
  address: string;
  /** Whether the endpoint asks for TLS (used when no `credentials` option is given). */
  secure: boolean;
}

/** Resolves OTLP/gRPC options, falling back to `OTEL_EXPORTER_OTLP_*` variables and then defaults; throws an `OTLPConfigurationError` naming a bad option. */
export function resolveGrpcConfiguration(
  options: OTLPMetricExporterGrpcBaseOptions = {},
  env: Env = process.env,
): GrpcConfiguration {
  const shared = resolveSharedConfiguration(options, env);
  const fromEnv = readProtocolFromEnv(env);
  if (fromEnv !== undefined && fromEnv.value !== 'grpc') {
    diag.warn(`${fromEnv.name}=${fromEnv.value} is ignored by the OTLP/gRPC exporter; use @meterkit/exporter-otlp-http for HTTP.`);
  }
  let parsed: { address: string; scheme?: 'http' | 'https' } | undefined;
  if (options.url !== undefined) {
    parsed = parseGrpcEndpoint(options.url, 'url');
  } else {
    // Per-signal first, then general; an invalid one warns and the next one is used.
    for (const name of ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
      const value = readEnv(env, name);
      if (value === undefined) continue;
      parsed = fromEnvOrDefault(() => parseGrpcEndpoint(value, name), 'ignoring it');
      if (parsed !== undefined) break;
    }
    parsed ??= parseGrpcEndpoint(DEFAULT_GRPC_METRICS_URL, 'default endpoint');
  }
  const { address, scheme } = parsed;
  let secure: boolean;
  if (scheme === 'https') secure = true;
  else if (scheme === 'http') secure = false;
  else {
    const insecure = readSignalEnvBoolean(env);
    secure = insecure === undefined ? true : !insecure;
  }
  return { ...shared, address, secure };
}

function parseGrpcEndpoint(value: string, source: string): { address: string; scheme?: 'http' | 'https' } {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let url: URL;
  try {
    url = new URL(hasScheme ? value : `http://${value}`);
  } catch {
    throw new OTLPConfigurationError(`${source}: "${value}" is not a valid endpoint; expected e.g. http://localhost:4317 or localhost:4317`);
  }
  if (hasScheme && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OTLPConfigurationError(`${source}: "${value}" has scheme "${url.protocol}"; expected http:, https: or no scheme`);
  }
  if (url.hostname === '') {
    throw new OTLPConfigurationError(`${source}: "${value}" has no host; expected e.g. http://localhost:4317`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    diag.warn(`${source}: the path "${url.pathname}" of "${value}" is ignored; gRPC uses the service path`);
  }
  const scheme = hasScheme ? (url.protocol === 'https:' ? 'https' : 'http') : undefined;
  const port = url.port !== '' ? url.port : scheme === 'https' ? '443' : scheme === 'http' ? '80' : '4317';
  return { address: `${url.hostname}:${port}`, scheme };
}


/** OTEL_EXPORTER_OTLP_[METRICS_]INSECURE; an invalid value warns and counts as unset (secure). */
function readSignalEnvBoolean(env: Env): boolean | undefined {
  for (const name of ['OTEL_EXPORTER_OTLP_METRICS_INSECURE', 'OTEL_EXPORTER_OTLP_INSECURE']) {
    const value = readEnv(env, name);
    if (value === undefined) continue;
    return fromEnvOrDefault(() => parseBoolean(value, name), 'using TLS');
  }
  return undefined;
}
