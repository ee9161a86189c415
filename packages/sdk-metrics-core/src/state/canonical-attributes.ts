// The slow path of attribute handling, run once per new attribute set (a lookup miss):
// validate values, apply the key filter and copy the set with its keys sorted.
import type { Attributes, AttributeValue } from '@opentelemetry/api';

export interface SanitizedAttributes {
  /** Validated copy, keys in sorted order. */
  attributes: Attributes;
  /** Keys dropped because their value is not a valid attribute value. */
  invalidKeys: string[];
}

function isPrimitive(value: unknown): value is string | number | boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean';
}

/** Attribute values per the specification: primitives or homogeneous arrays of them (null entries allowed). */
function isValidArray(value: unknown[]): boolean {
  let type: string | undefined;
  for (const element of value) {
    if (element === null || element === undefined) continue;
    if (!isPrimitive(element)) return false;
    const t = typeof element;
    if (type === undefined) type = t;
    else if (t !== type) return false;
  }
  return true;
}

export function sanitizeAttributes(input: Attributes, keepKey: ((key: string) => boolean) | undefined): SanitizedAttributes {
  const attributes: Attributes = {};
  const invalidKeys: string[] = [];
  for (const key of Object.keys(input).sort()) {
    if (keepKey !== undefined && !keepKey(key)) continue;
    const value: unknown = input[key];
    if (isPrimitive(value)) {
      attributes[key] = value;
    } else if (Array.isArray(value) && isValidArray(value)) {
      attributes[key] = value.slice() as AttributeValue; // a copy: the caller may change theirs
    } else {
      invalidKeys.push(key);
    }
  }
  return { attributes, invalidKeys };
}

/** A string equal for equal attribute sets whatever their key order; type-tagged so "1" and 1 differ. */
export function canonicalKey(attributes: Attributes): string {
  const entries: unknown[] = [];
  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];
    entries.push(key, typeof value === 'string' ? value : [value]);
  }
  return JSON.stringify(entries);
}

/** `===`, except that NaN equals NaN (a NaN attribute value must find its series again). */
function sameValue(x: unknown, y: unknown): boolean {
  return x === y || (x !== x && y !== y);
}

/** Equality of two sanitized sets (arrays compared element by element). */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (sameValue(x, y)) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
  }
  return true;
}
