// Seeded randomness for the model-based and differential tests: a small PRNG and a
// generator of attribute sets that covers every shape an application can pass (every
// value type including invalid ones, key orders, reused and mutated objects, inherited
// keys, null prototypes). The same seed always yields the same operations, so a failure
// reproduces from the seed printed with it.
import type { Attributes } from '@opentelemetry/api';

/** mulberry32: 32 bits of state, good enough spread for test workloads. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Keys: ordinary ones, the empty key, and names of Object.prototype members. */
const KEYS = ['a', 'b', 'c', 'd', '', 'constructor', 'toString', '__proto__'] as const;

/**
 * Long enough for the memo of string hashes (state/string-hash.ts): a few that differ in one
 * character, built anew on each pick as V8 builds strings (flat, concatenated at run time,
 * sliced), so equal values are rarely the same object; more of them than a tiny memo holds.
 */
const LONG = ['/api/v1/organizations/0/members', '/api/v1/organizations/1/members', '/api/v1/organizationz/0/members', '/api/v2/organizations/0/members'];

function longString(random: Random): string {
  const text = random.pick(LONG);
  return random.pick<() => string>([() => text, () => text.slice(0, 9) + String(text.slice(9)), () => `##${text}`.slice(2)])();
}

function scalar(random: Random): unknown {
  return random.pick<() => unknown>([
    () => '',
    () => 'x',
    () => 'y',
    () => '1',
    () => 'NaN',
    () => longString(random),
    () => 0,
    () => -0,
    () => 1,
    () => 1.5,
    () => -7,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => true,
    () => false,
  ])();
}

/** Any value an application might pass, valid or not. */
export function attributeValue(random: Random): unknown {
  const r = random.int(20);
  if (r < 11) return scalar(random);
  switch (r) {
    case 11:
      return undefined;
    case 12:
      return null;
    case 13:
      return [];
    case 14:
      return [random.int(3), random.int(3)];
    case 15:
      return random.pick([['x'], ['x', ''], [true, false], [NaN], [-0], [Infinity]]);
    case 16:
      return random.pick([[1, null], [1, undefined], [undefined], [null], ['x', undefined], ['x', null]]);
    case 17:
      return random.pick([[[1]], ['x', 1], [{}], [[]]]); // invalid: nested or mixed
    case 18:
      // Invalid: objects, functions, and values a stored set inherits from Object.prototype
      // (what a named load of an absent key reads: stored-set-comparator.ts must refuse it).
      return random.pick([{}, { a: 1 }, () => 1, Object.prototype.toString, Object.prototype.constructor, Object.prototype]);
    default:
      return scalar(random);
  }
}

/** A NaN whose bits differ from the NaN literal's: still NaN, so still the same attribute value. */
const OTHER_NAN = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0];

/**
 * Values that are equal, or nearly so, under the identity rules: a dense space where sets
 * meet often, so that every equality rule is exercised (-0 and 0, NaNs, null and undefined
 * array entries, "0" and 0, an undefined value and an absent key).
 */
const NEAR_EQUAL = [0, -0, NaN, OTHER_NAN, '0', '', undefined, null, [null], [undefined], [], [0], [-0], [NaN], true, Infinity];

/**
 * The entries of a set: 0 to 4 distinct keys, in random order; half the time from the dense
 * space (with long strings now and then, equal but built differently).
 */
function entries(random: Random): Array<[string, unknown]> {
  if (random.chance(0.5)) {
    const keys = random.shuffle(['a', 'b']).slice(0, random.int(3));
    return keys.map((k) => {
      const v = random.chance(0.2) ? longString(random) : random.pick(NEAR_EQUAL);
      return [k, Array.isArray(v) ? v.slice() : v];
    });
  }
  const keys = random.shuffle([...KEYS]).slice(0, random.int(5));
  return keys.map((k) => [k, attributeValue(random)]);
}

/**
 * A source of attribute objects. Keeps a few objects around so that calls reuse them (as
 * applications do with a module-level object) and mutate them between calls.
 */
export class AttributeSource {
  private readonly kept: Attributes[] = [];

  constructor(private readonly random: Random) {}

  next(): Attributes | undefined {
    const random = this.random;
    const r = random.int(16);
    if (r === 0) return undefined;
    if (r <= 4 && this.kept.length > 0) return random.pick(this.kept); // the same object again
    if (r === 5 && this.kept.length > 0) {
      // mutate a kept object in place: set, change or delete a key
      const obj = random.pick(this.kept);
      if (Object.isFrozen(obj)) return obj;
      const key = random.pick(KEYS);
      if (random.chance(0.3)) delete obj[key];
      else obj[key] = attributeValue(random) as never;
      return obj;
    }
    if (r === 6 && this.kept.length > 0) {
      // change an array value in place (the SDK must have copied it)
      const obj = random.pick(this.kept);
      // (a frozen object's arrays are not frozen: they change too)
      for (const key of Object.keys(obj)) {
        const value = obj[key];
        if (Array.isArray(value) && value.length > 0) (value as unknown[])[0] = scalar(random);
      }
      return obj;
    }
    let obj: Attributes;
    if (r === 7) {
      // inherited keys: enumerable on the prototype, never attributes
      const proto: Record<string, unknown> = {};
      for (const [k, v] of entries(random)) proto[k] = v;
      obj = Object.create(proto) as Attributes;
    } else if (r === 8) {
      obj = Object.create(null) as Attributes;
    } else {
      obj = {};
    }
    for (const [k, v] of entries(random)) {
      // defineProperty: `obj[k] = v` would not create an own key for every name
      Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    // Objects the identity cache cannot stamp (state/object-stamp.ts): it keeps them in its
    // WeakMap. A frozen object is never mutated above; a proxy forwards every change to its target.
    if (r === 9) Object.freeze(obj);
    else if (r === 10) obj = new Proxy(obj, {});
    if (random.chance(0.3)) {
      if (this.kept.length >= 6) this.kept.splice(random.int(this.kept.length), 1);
      this.kept.push(obj);
    }
    return obj;
  }
}
