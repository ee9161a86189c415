// Reading the reader's environment variables. A bad value warns and falls back to the default:
// telemetry configuration must never stop an application at start-up (specification,
// configuration/sdk-environment-variables.md). Options passed in code still throw.
import { diag } from '@opentelemetry/api';

/** A positive number of milliseconds from an environment variable; undefined when unset or invalid. */
export function readEnvMillis(variable: string): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    diag.warn(`Environment variable ${variable}="${raw}" is not a positive number of milliseconds; using the default`);
    return undefined;
  }
  return value;
}
