// Small typed readers of the parsed file that record every problem with the path of the
// field (`meter_provider.readers[0].periodic.interval`), so one pass reports all of them.
// `null` is "not set" everywhere the schema allows it (the schema's defaultBehavior applies).
import { closestName } from '@meterkit/sdk-metrics-core';

export class Problems {
  readonly errors: string[] = [];
  /** Accepted but without effect in meterkit (other signals, experimental fields). */
  readonly notes: string[] = [];
  error(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }
  note(path: string, message: string): void {
    this.notes.push(`${path}: ${message}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A mapping with only `known` keys (unknown ones are errors naming the closest known one). */
export function mapping(value: unknown, path: string, known: readonly string[], p: Problems): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (value === null) return {};
  if (!isMapping(value)) {
    p.error(path, `expected a mapping, got ${describe(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const closest = closestName(key, known);
    p.error(`${path}.${key}`, `unknown field${closest === undefined ? '' : ` (did you mean "${closest}"?)`}; known: ${known.join(', ')}`);
  }
  return value;
}

/** A mapping with exactly one key among `known` (the schema's plugin choice): [key, value]. */
export function choice(value: unknown, path: string, known: readonly string[], p: Problems): [string, unknown] | undefined {
  if (value === undefined || value === null) {
    p.error(path, `required; one of ${known.join(', ')}`);
    return undefined;
  }
  const m = mapping(value, path, known, p);
  if (m === undefined) return undefined;
  const keys = Object.keys(m);
  if (keys.length !== 1) {
    if (keys.length === 0) p.error(path, `expected exactly one of ${known.join(', ')}`);
    else if (keys.every((k) => known.includes(k))) p.error(path, `expected exactly one of ${known.join(', ')}, got ${keys.join(', ')}`);
    return undefined;
  }
  return known.includes(keys[0]!) ? [keys[0]!, m[keys[0]!]] : undefined;
}

export function string(value: unknown, path: string, p: Problems): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  p.error(path, `expected a string, got ${describe(value)}`);
  return undefined;
}

export function boolean(value: unknown, path: string, p: Problems): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  p.error(path, `expected true or false, got ${describe(value)}`);
  return undefined;
}

export function integer(value: unknown, path: string, p: Problems, bounds: { min?: number; max?: number }): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ok = typeof value === 'number' && Number.isInteger(value) && (bounds.min === undefined || value >= bounds.min) && (bounds.max === undefined || value <= bounds.max);
  if (ok) return value;
  const range = bounds.max === undefined ? `>= ${bounds.min}` : `between ${bounds.min} and ${bounds.max}`;
  p.error(path, `expected an integer ${range}, got ${describe(value)}`);
  return undefined;
}

export function oneOfValues<T extends string>(value: unknown, path: string, allowed: readonly T[], p: Problems): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const closest = typeof value === 'string' ? closestName(value, allowed) : undefined;
  p.error(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}${closest === undefined ? '' : ` (did you mean "${closest}"?)`}`);
  return undefined;
}

/** A list; each element handed to `each` with its path. `minItems` 1 as the schema's lists. */
export function list(value: unknown, path: string, p: Problems, each: (item: unknown, path: string) => void): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    p.error(path, `expected a list, got ${describe(value)}`);
    return;
  }
  if (value.length === 0) p.error(path, 'expected at least one entry');
  value.forEach((item, i) => each(item, `${path}[${i}]`));
}

export function stringList(value: unknown, path: string, p: Problems): string[] | undefined {
  const out: string[] = [];
  let ok = value !== undefined && value !== null;
  list(value, path, p, (item, itemPath) => {
    const s = string(item, itemPath, p);
    if (s === undefined) ok = false;
    else out.push(s);
  });
  return ok ? out : undefined;
}

export function includeExclude(value: unknown, path: string, p: Problems): { included?: string[]; excluded?: string[] } | undefined {
  const m = mapping(value, path, ['included', 'excluded'], p);
  if (m === undefined) return undefined;
  return { included: stringList(m.included, `${path}.included`, p), excluded: stringList(m.excluded, `${path}.excluded`, p) };
}
