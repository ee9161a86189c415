/** A positive number of milliseconds from an environment variable, or undefined when unset. */
export function readEnvMillis(variable: string): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Environment variable ${variable}="${raw}" must be a positive number of milliseconds`);
  }
  return value;
}
