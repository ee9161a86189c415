// Parsing of OTEL_EXPORTER_OTLP_* environment variables. Every parser names the variable in
// its message so a bad deployment setting is found from the message alone.
//
// A bad variable never stops the application: the specification asks SDKs to warn and use the
// default (configuration/sdk-environment-variables.md), so callers read variables through
// fromEnvOrDefault(). Options passed in code still throw at construction. Header values are
// secrets (Authorization tokens): no message ever includes one.
import * as fs from 'fs';
import { diag } from '@opentelemetry/api';
import { OTLPConfigurationError } from '../errors';

/** An environment to read `OTEL_EXPORTER_OTLP_*` variables from (`process.env` by default; tests pass their own). */
export type Env = Record<string, string | undefined>;

/** The value of `name`, trimmed; undefined when unset or blank (the specification treats empty as unset). */
export function readEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The per-signal variable when set, else the general one, with the name of the one used. */
export function readSignalEnv(
  env: Env,
  general: string,
  signal: string,
): { value: string; name: string } | undefined {
  const signalValue = readEnv(env, signal);
  if (signalValue !== undefined) return { value: signalValue, name: signal };
  const generalValue = readEnv(env, general);
  if (generalValue !== undefined) return { value: generalValue, name: general };
  return undefined;
}

/**
 * `parse()` of a variable's value, or undefined (the caller's default) with a diag warning when
 * the value is invalid. Only configuration errors are caught: anything else is a bug.
 */
export function fromEnvOrDefault<T>(parse: () => T, fallback = 'using the default'): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof OTLPConfigurationError)) throw error;
    diag.warn(`${error.message}; ${fallback}`);
    return undefined;
  }
}

/**
 * Parses the W3C-baggage-like header list of OTEL_EXPORTER_OTLP_HEADERS: `k=v,k2=v2`, keys and
 * values URL-encoded (so `%20` is a space and `%2C` a comma inside a value). An invalid entry
 * is skipped with a warning that names the variable, the entry's position and, when it has
 * one, its header name, never its value: an entry can be a token.
 */
export function parseHeaderList(value: string, variable: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries = value.split(',');
  entries.forEach((entry, index) => {
    if (entry.trim() === '') return;
    const where = `${variable}: entry ${index + 1} of ${entries.length}`;
    const eq = entry.indexOf('=');
    if (eq < 0) {
      diag.warn(`${where} has no "="; expected a comma-separated list of key=value pairs. The entry is ignored (its text is not shown: it may hold a secret)`);
      return;
    }
    const key = safeDecode(entry.slice(0, eq).trim());
    if (key === undefined || key === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
      diag.warn(`${where} has ${key === '' ? 'an empty' : 'an invalid'} header name; the entry is ignored`);
      return;
    }
    const val = safeDecode(entry.slice(eq + 1).trim());
    if (val === undefined || /[\r\n\0]/.test(val)) {
      diag.warn(`${where}: the value of header "${key}" is not valid URL-encoded text; the entry is ignored (the value is not shown)`);
      return;
    }
    headers[key] = val;
  });
  return headers;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A timeout in milliseconds: a positive finite number. */
export function parseTimeoutMillis(value: string, variable: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new OTLPConfigurationError(`${variable}: "${value}" is not a valid timeout; expected a positive number of milliseconds`);
  }
  return n;
}

/** Compression of OTLP request bodies: `gzip` or `none`. */
export type Compression = 'gzip' | 'none';

export function parseCompression(value: string, source: string): Compression {
  const lower = value.toLowerCase();
  if (lower === 'gzip' || lower === 'none') return lower;
  throw new OTLPConfigurationError(`${source}: "${value}" is not a supported compression; expected "gzip" or "none"`);
}

export function parseBoolean(value: string, variable: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new OTLPConfigurationError(`${variable}: "${value}" is not a boolean; expected "true" or "false"`);
}

/** Reads a PEM file named by a variable at construction, so a wrong path fails fast. */
export function readFileFromEnv(path: string, variable: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (error) {
    throw new OTLPConfigurationError(`${variable}: cannot read file "${path}": ${(error as Error).message}`);
  }
}
