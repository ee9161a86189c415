// Turns any value into a plain JSON value without ever throwing.
//
// Attribute values reach an exporter straight from application code, and the API's types
// are not enforced at run time: a BigInt, a Symbol, a function, an object with a throwing
// getter, a Proxy, a circular structure or a 50 MB string all end up here sooner or later.
// JSON.stringify throws on the first two kinds and on cycles, and prints the last one in full,
// so everything goes through this walk first; its output always stringifies.

/** A plain JSON value: what {@link toSafeValue} returns, which `JSON.stringify` always accepts. */
export type SafeJson = null | boolean | number | string | SafeJson[] | { [key: string]: SafeJson };

/** Bounds on the output of {@link toSafeValue}, so one hostile attribute value cannot flood the console. */
export interface SafeValueLimits {
  /** Longer strings are cut, with a marker saying how much was left out. */
  maxStringLength: number;
  /** Arrays and objects nested deeper than this are replaced by a marker. */
  maxDepth: number;
  /** Arrays and objects with more entries than this are cut. */
  maxEntries: number;
}

/** The limits {@link toSafeValue} applies when none are given. */
export const DEFAULT_SAFE_VALUE_LIMITS: SafeValueLimits = {
  maxStringLength: 2048,
  maxDepth: 8,
  maxEntries: 1000,
};

export function truncateString(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  return `${value.slice(0, maxLength)}…[+${value.length - maxLength} chars]`;
}

function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
    return String(error);
  } catch {
    return 'unknown error';
  }
}

function functionLabel(fn: Function): string {
  let name = '';
  try {
    name = typeof fn.name === 'string' ? fn.name : '';
  } catch {
    // a throwing `name` getter is possible on a Proxy
  }
  return name ? `[Function ${name}]` : '[Function (anonymous)]';
}

/** Converts `value` to a JSON-safe value. Never throws. */
export function toSafeValue(value: unknown, limits: SafeValueLimits = DEFAULT_SAFE_VALUE_LIMITS): SafeJson {
  return walk(value, limits, 0, new Set<object>());
}

function walk(value: unknown, limits: SafeValueLimits, depth: number, ancestors: Set<object>): SafeJson {
  try {
    switch (typeof value) {
      case 'string':
        return truncateString(value, limits.maxStringLength);
      case 'number':
        // NaN and ±Infinity would silently become null in JSON; keep what they were.
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
        return value;
      case 'bigint':
        return truncateString(`${value.toString()}n`, limits.maxStringLength);
      case 'symbol':
        // Symbol.prototype.toString never throws, even with an odd description.
        return truncateString(value.toString(), limits.maxStringLength);
      case 'function':
        return functionLabel(value);
      case 'undefined':
        return null;
      case 'object':
        if (value === null) return null;
        return walkObject(value, limits, depth, ancestors);
      default:
        return `[${typeof value}]`;
    }
  } catch (error) {
    return `[Unserializable: ${truncateString(describeError(error), 200)}]`;
  }
}

function walkObject(value: object, limits: SafeValueLimits, depth: number, ancestors: Set<object>): SafeJson {
  if (ancestors.has(value)) return '[Circular]';
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? '[Invalid Date]' : value.toISOString();
  }
  if (value instanceof Error) {
    return truncateString(`[${value.name}: ${value.message}]`, limits.maxStringLength);
  }
  if (ArrayBuffer.isView(value)) {
    return `[${value.constructor?.name ?? 'ArrayBufferView'}(${value.byteLength} bytes)]`;
  }
  if (depth >= limits.maxDepth) return Array.isArray(value) ? '[Array]' : '[Object]';

  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const length = value.length;
      const out: SafeJson[] = [];
      const shown = Math.min(length, limits.maxEntries);
      for (let i = 0; i < shown; i++) out.push(readEntry(() => value[i], limits, depth, ancestors));
      if (length > shown) out.push(`…[+${length - shown} items]`);
      return out;
    }
    if (value instanceof Map) {
      return walkEntries(Array.from(value.entries(), ([k, v]) => [String(k), v] as const), limits, depth, ancestors);
    }
    if (value instanceof Set) {
      return walk(Array.from(value), limits, depth, ancestors);
    }
    const keys = Object.keys(value);
    return walkEntries(
      keys.map((key) => [key, undefined] as const),
      limits,
      depth,
      ancestors,
      (key) => (value as Record<string, unknown>)[key],
    );
  } finally {
    // Only ancestors count as cycles: the same object twice side by side prints twice.
    ancestors.delete(value);
  }
}

function walkEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  limits: SafeValueLimits,
  depth: number,
  ancestors: Set<object>,
  read?: (key: string) => unknown,
): SafeJson {
  const out: { [key: string]: SafeJson } = {};
  const shown = Math.min(entries.length, limits.maxEntries);
  for (let i = 0; i < shown; i++) {
    const [key, entryValue] = entries[i];
    const safeKey = truncateString(key, limits.maxStringLength);
    // defineProperty, not assignment: a "__proto__" key must stay a key, not swap the prototype.
    Object.defineProperty(out, safeKey, {
      value: readEntry(read ? () => read(key) : () => entryValue, limits, depth, ancestors),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (entries.length > shown) {
    Object.defineProperty(out, '…', { value: `[+${entries.length - shown} entries]`, enumerable: true });
  }
  return out;
}

/** Reading a property can run a getter or a Proxy trap: a failure is shown in place. */
function readEntry(read: () => unknown, limits: SafeValueLimits, depth: number, ancestors: Set<object>): SafeJson {
  let entry: unknown;
  try {
    entry = read();
  } catch (error) {
    return `[Unreadable: ${truncateString(describeError(error), 200)}]`;
  }
  return walk(entry, limits, depth + 1, ancestors);
}
