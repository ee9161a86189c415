// The slow path of attribute handling, run once per new attribute set (a lookup miss):
// validate values, apply the key filter, sort keys and build the canonical key under which
// equal sets meet whatever their key order.
import type { Attributes, AttributeValue } from '@opentelemetry/api';

export interface CanonicalAttributes {
  /** Validated copy, keys in sorted order. */
  attributes: Attributes;
  /** Equal for equal attribute sets, whatever the key order of the input. */
  key: string;
  /** Keys dropped because their value is not a valid attribute value. */
  invalidKeys: string[];
  /** True when every kept value is a primitive, so the set may be cached by value identity. */
  primitive: boolean;
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

export function canonicalize(input: Attributes, keepKey: ((key: string) => boolean) | undefined): CanonicalAttributes {
  const keys = Object.keys(input).sort();
  const attributes: Attributes = {};
  const entries: unknown[] = [];
  const invalidKeys: string[] = [];
  let primitive = true;
  for (const key of keys) {
    if (keepKey !== undefined && !keepKey(key)) continue;
    const value: unknown = input[key];
    let kept: AttributeValue;
    if (isPrimitive(value)) {
      kept = value;
    } else if (Array.isArray(value) && isValidArray(value)) {
      kept = value.slice() as AttributeValue;
      primitive = false;
    } else {
      invalidKeys.push(key);
      primitive = false;
      continue;
    }
    attributes[key] = kept;
    // Type-tagged so that "1" and 1 stay different sets.
    entries.push(key, typeof value === 'string' ? value : [kept]);
  }
  return { attributes, key: JSON.stringify(entries), invalidKeys, primitive };
}
