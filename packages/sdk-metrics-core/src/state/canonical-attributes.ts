// The slow path of attribute handling, run once per new attribute set (a lookup miss):
// validate values, apply the key filter and copy the set with its keys sorted. These
// functions define what an attribute set IS (docs/series-identity.md): its own enumerable
// keys whose values are strings, numbers, booleans or homogeneous arrays of them; two sets
// are equal when they have the same keys and sameValue() values. Every faster path must
// agree with them.
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
export function isValidArray(value: unknown[]): boolean {
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

/**
 * `target[key] = value`, except that a key named "__proto__" becomes an own property too
 * (assigning it would set the prototype instead and silently drop the attribute).
 */
export function setOwn(target: Attributes, key: string, value: AttributeValue | undefined): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function sanitizeAttributes(input: Attributes, keepKey: ((key: string) => boolean) | undefined): SanitizedAttributes {
  const keys: string[] = [];
  const values: AttributeValue[] = [];
  const invalidKeys: string[] = [];
  for (const key of Object.keys(input).sort()) {
    if (keepKey !== undefined && !keepKey(key)) continue;
    const value: unknown = input[key];
    if (isPrimitive(value)) {
      keys.push(key);
      values.push(value);
    } else if (Array.isArray(value) && isValidArray(value)) {
      // A copy (the caller may change theirs); undefined entries become null, so that one
      // canonical form stands for both.
      keys.push(key);
      values.push(value.map((e: unknown) => (e === undefined ? null : e)) as AttributeValue);
    } else {
      invalidKeys.push(key);
    }
  }
  return { attributes: exactObject(keys, values), invalidKeys };
}

/**
 * Freezes a stored set (`attributes` made by sanitizeAttributes) before it becomes a series'
 * identity. Exporters and readers get this object as the points' `attributes`; one that
 * changed it in place would move every later recording of the old set into a new series
 * and leave the old series unreachable (the index is keyed by the hash of the set as
 * stored). Frozen, such a write throws in strict code and does nothing otherwise. All
 * stored sets of one key list still share one hidden class (the frozen one), and loads from
 * it cost the same. Array values are not frozen: V8 (Node 20) reads frozen arrays about
 * twice as slowly, and every lookup of a set holding an array compares the stored one
 * element by element; they are read-only by contract (MetricData's documentation).
 */
export function freezeStoredSet(attributes: Attributes): Attributes {
  return Object.freeze(attributes);
}

/**
 * A plain object with these own keys, in this order, and values, whose size is exact: one
 * is kept per series for its whole life. `{}` grown by assignment has room for 4 fields
 * whatever it holds (8 bytes wasted per series at 3 attributes) and moves a 5th and later
 * ones out of the object. An object made by a constructor is sized (V8's slack tracking)
 * for the most properties the constructor's first objects got: with one constructor per
 * key count, exactly its count. Their prototype is Object.prototype, so the copies are
 * plain objects like any literal. A "__proto__" key (which an assignment would take for
 * the prototype) goes through JSON.parse, which also sizes objects exactly.
 */
function exactObject(keys: readonly string[], values: readonly AttributeValue[]): Attributes {
  if (keys.length > MAX_CONSTRUCTED_KEYS || keys.includes('__proto__')) {
    let json = '{';
    for (let i = 0; i < keys.length; i++) json += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:null`;
    const attributes = JSON.parse(`${json}}`) as Attributes;
    for (let i = 0; i < keys.length; i++) setOwn(attributes, keys[i], values[i]);
    return attributes;
  }
  const Exact = (exactConstructors[keys.length] ??= exactConstructor());
  return new Exact(keys, values);
}

/** Key counts with their own constructor (more keys: JSON.parse). */
const MAX_CONSTRUCTED_KEYS = 32;

type ExactConstructor = new (keys: readonly string[], values: readonly AttributeValue[]) => Attributes;
const exactConstructors: Array<ExactConstructor | undefined> = [];

/** A new constructor function (each has its own initial map, so its own slack tracking). */
function exactConstructor(): ExactConstructor {
  const Exact = function (this: Attributes, keys: readonly string[], values: readonly AttributeValue[]): void {
    for (let i = 0; i < keys.length; i++) this[keys[i]] = values[i];
  };
  Exact.prototype = Object.prototype;
  return Exact as unknown as ExactConstructor;
}

/** The diagnostic for keys dropped by sanitizeAttributes. */
export function describeInvalidKeys(invalidKeys: readonly string[]): string {
  return (
    `dropped attribute(s) ${invalidKeys.map((k) => JSON.stringify(k)).join(', ')}: ` +
    'values must be strings, numbers, booleans or homogeneous arrays of them'
  );
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

/**
 * `stored` (a sanitized copy: undefined entries became null) holds the elements of the
 * input array `input`, NaN equal to NaN. Only a valid array (isValidArray) can match a
 * stored one, so a true answer also proves the input array valid.
 */
export function sameArray(stored: unknown, input: unknown): boolean {
  if (!Array.isArray(stored) || !Array.isArray(input) || stored.length !== input.length) return false;
  for (let i = 0; i < input.length; i++) {
    const x: unknown = stored[i];
    const v: unknown = input[i];
    if (x === v || (x !== x && v !== v) || (x === null && v === undefined)) continue;
    return false;
  }
  return true;
}
