// Reading OTEL_* variables the way the specification's sdk-environment-variables.md defines
// them: empty means unset; booleans are "true"/"false" case-insensitively (anything else
// warns and takes the default); numbers that do not parse warn and take the default.
import { warn } from './warn';

export type Env = Record<string, string | undefined>;

export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  warn(`${name}="${value}" is not "true" or "false"; using ${String(fallback)}`);
  return fallback;
}

/** A non-negative integer of milliseconds (0 allowed when `allowZero`). */
export function readMillis(env: Env, name: string, allowZero = false): number | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero)) {
    warn(`${name}="${value}" is not a positive integer number of milliseconds; using the default`);
    return undefined;
  }
  return n;
}

/** A comma-separated list, trimmed, lower-cased, empty entries dropped. */
export function readList(env: Env, name: string): string[] | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}
