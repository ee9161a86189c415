// Configuration of the OTLP/HTTP exporter: endpoint, encoding, headers and TLS on top of the
// shared settings.
import type * as http from 'http';
import type * as https from 'https';
import { diag } from '@opentelemetry/api';
import { OTLPConfigurationError } from '../errors';
import { fromEnvOrDefault, readEnv, type Env } from './env';
import {
  readProtocolFromEnv,
  resolveSharedConfiguration,
  type OTLPMetricExporterSharedOptions,
  type SharedConfiguration,
} from './shared-configuration';

/** The OTLP/HTTP metrics endpoint used when neither options nor environment give one (`http://localhost:4318/v1/metrics`). */
export const DEFAULT_HTTP_METRICS_URL = 'http://localhost:4318/v1/metrics';

/** The OTLP/HTTP encodings: `http/protobuf` or `http/json`. */
export type HttpProtocol = 'http/protobuf' | 'http/json';

/** The OTLP/HTTP options resolved by {@link resolveHttpConfiguration}. */
export interface OTLPMetricExporterHttpOptions extends OTLPMetricExporterSharedOptions {
  /** Full URL of the metrics endpoint, used as is (default http://localhost:4318/v1/metrics). */
  url?: string;
  /** Extra request headers, merged over OTEL_EXPORTER_OTLP_[METRICS_]HEADERS. */
  headers?: Record<string, string>;
  /** "http/protobuf" (default) or "http/json". */
  protocol?: HttpProtocol;
  /** Options of the keep-alive Agent; `ca`, `cert`, `key` here win over the certificate variables. */
  httpAgentOptions?: http.AgentOptions | https.AgentOptions;
}

/** The resolved configuration of an OTLP/HTTP exporter: every option checked and defaulted. */
export interface HttpConfiguration extends SharedConfiguration {
  url: URL;
  protocol: HttpProtocol;
  headers: Record<string, string>;
  agentOptions: https.AgentOptions;
}

/** Resolves OTLP/HTTP options, falling back to `OTEL_EXPORTER_OTLP_*` variables and then defaults; throws an `OTLPConfigurationError` naming a bad option. */
export function resolveHttpConfiguration(options: OTLPMetricExporterHttpOptions = {}, env: Env = process.env): HttpConfiguration {
  const shared = resolveSharedConfiguration(options, env);
  return {
    ...shared,
    url: resolveUrl(options, env),
    protocol: resolveProtocol(options, env),
    headers: { ...shared.envHeaders, ...validateHeaders(options.headers) },
    // TLS material from the variables, overridden by anything set in httpAgentOptions.
    agentOptions: { keepAlive: true, ...shared.envTls, ...options.httpAgentOptions },
  };
}

function resolveUrl(options: OTLPMetricExporterHttpOptions, env: Env): URL {
  if (options.url !== undefined) return parseHttpUrl(options.url, 'url');
  const signal = readEnv(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  if (signal !== undefined) {
    const url = fromEnvOrDefault(() => parseHttpUrl(signal, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'), 'ignoring it');
    if (url !== undefined) return url;
  }
  const general = readEnv(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (general !== undefined) {
    // The general endpoint is a base URL: the signal path is appended to whatever path it has.
    const base = fromEnvOrDefault(() => parseHttpUrl(general, 'OTEL_EXPORTER_OTLP_ENDPOINT'), 'ignoring it');
    if (base !== undefined) {
      base.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/metrics`;
      return base;
    }
  }
  return new URL(DEFAULT_HTTP_METRICS_URL);
}

function parseHttpUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OTLPConfigurationError(`${source}: "${value}" is not a valid URL; expected e.g. http://localhost:4318/v1/metrics`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OTLPConfigurationError(`${source}: "${value}" has scheme "${url.protocol}"; expected http: or https:`);
  }
  return url;
}

function resolveProtocol(options: OTLPMetricExporterHttpOptions, env: Env): HttpProtocol {
  if (options.protocol !== undefined) {
    if (options.protocol !== 'http/protobuf' && options.protocol !== 'http/json') {
      throw new OTLPConfigurationError(`protocol: "${String(options.protocol)}" is not valid; expected "http/protobuf" or "http/json"`);
    }
    return options.protocol;
  }
  const fromEnv = readProtocolFromEnv(env);
  if (fromEnv?.value === 'grpc') {
    diag.warn(`${fromEnv.name}=grpc is ignored by the OTLP/HTTP exporter; use @meterkit/exporter-otlp-grpc for gRPC. Sending http/protobuf.`);
    return 'http/protobuf';
  }
  return fromEnv?.value ?? 'http/protobuf';
}

function validateHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null) {
    throw new OTLPConfigurationError('headers: expected an object of header names to string values');
  }
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[key] = String(value);
  }
  return result;
}
