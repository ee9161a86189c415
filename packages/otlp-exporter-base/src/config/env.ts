// Parsing of OTEL_EXPORTER_OTLP_* environment variables. Every parser names the variable in
// its error so a bad deployment setting is found from the message alone.
import * as fs from 'fs';
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
 * Parses the W3C-baggage-like header list of OTEL_EXPORTER_OTLP_HEADERS: `k=v,k2=v2`, keys and
 * values URL-encoded (so `%20` is a space and `%2C` a comma inside a value).
 */
export function parseHeaderList(value: string, variable: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new OTLPConfigurationError(
        `${variable}: invalid entry "${entry.trim()}"; expected a comma-separated list of key=value pairs`,
      );
    }
    const key = decode(entry.slice(0, eq).trim(), variable);
    const val = decode(entry.slice(eq + 1).trim(), variable);
    if (key === '') {
      throw new OTLPConfigurationError(`${variable}: header with an empty name in "${entry.trim()}"`);
    }
    headers[key] = val;
  }
  return headers;
}

function decode(text: string, variable: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OTLPConfigurationError(`${variable}: "${text}" is not valid URL-encoded text`);
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
