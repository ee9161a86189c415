// An order-independent hash of an attribute set, computed without allocating: each
// (key, value) pair is hashed on its own and the pair hashes are added, so any key order
// gives the same number. Equal sets always hash equal; unequal sets may collide, and the
// series table resolves collisions by comparing the sets.

import { FNV_OFFSET, FNV_PRIME, hashChars, LONG_STRING, longStringHashes, MAX_LENGTH } from './string-hash';

const float64 = new Float64Array(1);
const float64Words = new Uint32Array(float64.buffer);

/**
 * A string value's part: short and very long ones hashed here, the others through the memo
 * of their hashes (string-hash.ts), which answers in one Map.get whatever the length. The
 * length decides which, so equal strings always take the same way.
 */
function hashString(value: string, seed: number): number {
  const n = value.length;
  return n < LONG_STRING || n > MAX_LENGTH ? hashChars(value, seed) : Math.imul(seed ^ longStringHashes.hash(value), FNV_PRIME);
}

function hashNumber(value: number, seed: number): number {
  if ((value | 0) === value) return Math.imul(seed ^ (value | 0), FNV_PRIME); // -0 and 0 alike
  if (value !== value) return Math.imul(seed ^ 0x4e614e, FNV_PRIME); // every NaN alike, whatever its bits
  float64[0] = value;
  return Math.imul(Math.imul(seed ^ float64Words[0], FNV_PRIME) ^ float64Words[1], FNV_PRIME);
}

/**
 * Hash of one attribute value, tagged by type so that "1" and 1 usually differ. `typeof x ===
 * 'string'` tests rather than a switch on `typeof`: V8 compiles each test to a type check,
 * where the switch first makes the type's name and compares it (pinned micro runs of a fresh
 * literal per call over 1,000 sets: 87-90 -> 86-88 ns, and 97-100 -> 94-98 after other
 * workloads in the process).
 */
export function hashValue(value: unknown, seed: number): number {
  if (typeof value === 'string') return hashString(value, seed ^ 0x73);
  if (typeof value === 'number') return hashNumber(value, seed ^ 0x6e);
  if (typeof value === 'boolean') return Math.imul(seed ^ (value ? 0x74 : 0x66), FNV_PRIME);
  if (Array.isArray(value)) {
    let h = Math.imul(seed ^ 0x61, FNV_PRIME);
    for (const element of value) h = hashValue(element, h);
    return h;
  }
  return Math.imul(seed ^ 0x7f, FNV_PRIME); // undefined, null, objects: sanitised away on a miss
}

/** Murmur3's finaliser: spreads the bits of one pair hash before it is added to the others. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of one (key, value) pair; a set's hash is the 32-bit sum of its pairs' hashes. */
export function hashPair(key: string, value: unknown): number {
  return mix(hashValue(value, hashKey(key)));
}

/** The key's part of a pair hash: callers that see the same key again may keep it. */
export function hashKey(key: string): number {
  return hashChars(key, FNV_OFFSET);
}

/** hashPair(key, value) from keyHash = hashKey(key). */
export function hashPairWithKeyHash(keyHash: number, value: unknown): number {
  return mix(hashValue(value, keyHash));
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** Hash of the own enumerable keys of `attributes` (those `keepKey` accepts) and their values. */
export function hashAttributes(attributes: Record<string, unknown>, keepKey: ((key: string) => boolean) | undefined): number {
  let sum = 0;
  for (const key in attributes) {
    if (!hasOwnProperty.call(attributes, key)) continue;
    if (keepKey !== undefined && !keepKey(key)) continue;
    sum = (sum + hashPair(key, attributes[key])) | 0;
  }
  return sum;
}

/**
 * The set hash as the series table uses it: `hash & seam.mask`. The mask is -1 (all bits)
 * in production; tests narrow it (collidingHashesForTesting) so that every set lands in a
 * handful of slots and only the equality check can tell sets apart.
 */
export const hashSeam = { mask: -1 };

/** Key counts from this one up share one code in the index key (and get no stored-set comparator). */
export const MANY_KEYS = 15;

/**
 * The key of a set in the series index: its hash under the test seam's mask, with the top 4
 * bits replaced by its key count (MANY_KEYS for 15 keys or more). The index compares those
 * bits exactly (they are above its slot mask while it has fewer than 2^28 slots, hundreds of
 * millions of series, far beyond any memory), so a candidate it nominates for a set of
 * fewer than 15 keys has exactly that many keys: a stored-set comparator, which only looks
 * at the input's keys, then decides equality (stored-set-comparator.ts). The price: the
 * index filters candidates on 28 hash bits instead of 32.
 */
export function indexKey(hash: number, keyCount: number): number {
  return ((hash & hashSeam.mask) & 0x0fffffff) | ((keyCount < MANY_KEYS ? keyCount : MANY_KEYS) << 28);
}

/** Test-only: keeps `bits` low bits of every set hash (0: all sets hash alike). Returns the undo. */
export function collidingHashesForTesting(bits: number): () => void {
  const previous = hashSeam.mask;
  hashSeam.mask = bits >= 32 ? -1 : (1 << bits) - 1;
  return () => {
    hashSeam.mask = previous;
  };
}
