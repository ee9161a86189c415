// Compares a stored attribute set with an input read into a key shape (key-shape.ts) by
// named property loads, compiled once per key list. Why: the hash probe of the lookup
// compares the input with each candidate's stored copy, and a for...in over the copy costs
// about 5 ns per key plus a builtin call to start it (bench: a fresh literal over 1,000
// sets spent 18 of its ~103 ns there). All stored copies of one key list share one hidden
// class (canonical-attributes.ts builds them alike), so a load of a constant key is a
// monomorphic inline cache: the comparison of 3 keys drops to a few ns.
//
// A comparator only looks at the keys it was compiled for, so it decides equality only for
// a stored set known to have exactly as many keys as the input: the series table puts the
// key count into the index key (attribute-hash.ts, indexKey), so a candidate the index
// nominates has it. An absent key reads `undefined` or something inherited from
// Object.prototype (a function, or the prototype itself for "__proto__"); neither is a
// valid stored value, so a value equal to it is not accepted as a match.
//
// Code generation: keys are written into the source only as JSON string literals (which
// are valid JavaScript string literals for any string), never as identifiers. Where code
// generation from strings is disallowed (`node --disallow-code-generation-from-strings`),
// or for long key lists, there is no comparator and the caller compares with for...in.
import type { Attributes } from '@opentelemetry/api';
import { MANY_KEYS } from './attribute-hash';
import { sameArray } from './canonical-attributes';

/** True when `stored` holds `values[i]` under the i-th key of the compiled key list (see above for when that means equality). */
export type StoredSetComparator = (stored: Attributes, values: readonly unknown[]) => boolean;

/** Key lists longer than this get no comparator (the index key does not tell their exact count). */
const MAX_COMPARED_KEYS = MANY_KEYS - 1;

/** Comparators kept across tables, by key list: enough for the key lists of a process; an LRU beyond. */
const MAX_CACHED = 256;
const cache = new Map<string, StoredSetComparator>();
/** Cleared for good when the runtime refuses to compile code from strings. */
let codeGenerationAllowed = true;

/**
 * Values that differ by `!==` but are equal attribute values: NaN and NaN, or arrays with
 * equal elements. A stored value is never undefined or a function, so an absent key (read
 * through the prototype chain) never compares equal here.
 */
function equalSlow(stored: unknown, input: unknown): boolean {
  return (stored !== stored && input !== input) || sameArray(stored, input);
}

/**
 * Candidate comparisons after which a key shape compiles its comparator (KeyShape.matchesCandidate):
 * compiling costs 40-80 µs, about 3,000 comparisons' worth of what it saves, so a key list
 * seen only a few times (keys built from request data) never pays for it.
 */
export const COMPILE_AFTER = 1024;

/**
 * Test seam, set before the provider is made: `off` gives no key list a comparator (as
 * where code generation is disallowed), so that tests reach the for...in path;
 * `compileAfter` replaces COMPILE_AFTER (1: compiled at a shape's first comparison), so
 * that short tests reach the comparators.
 */
export const storedSetComparatorSeam = { off: false, compileAfter: COMPILE_AFTER };

/**
 * The comparator of `keys` if one was compiled and is still cached (no compilation: a key
 * shape asks this when it is made, and compiles only once it is used often, see
 * KeyShape.matchesCandidate); undefined otherwise.
 */
export function cachedStoredSetComparator(keys: readonly string[]): StoredSetComparator | undefined {
  if (!comparable(keys)) return undefined;
  const id = JSON.stringify(keys);
  const cached = cache.get(id);
  if (cached !== undefined) {
    // Most recently used last: the first entry is evicted first.
    cache.delete(id);
    cache.set(id, cached);
  }
  return cached;
}

/**
 * The comparator of `keys`, compiled if it is not cached (about 40-80 µs); undefined when
 * there is none (see above).
 */
export function storedSetComparator(keys: readonly string[]): StoredSetComparator | undefined {
  const cached = cachedStoredSetComparator(keys);
  if (cached !== undefined || !comparable(keys)) return cached;
  const compiled = compile(keys);
  if (compiled === undefined) return undefined;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(JSON.stringify(keys), compiled);
  return compiled;
}

function comparable(keys: readonly string[]): boolean {
  return keys.length > 0 && keys.length <= MAX_COMPARED_KEYS && codeGenerationAllowed && !storedSetComparatorSeam.off;
}

function compile(keys: readonly string[]): StoredSetComparator | undefined {
  // Per key: equal by `===` to a value that can be stored (so the key is present: an array
  // too, when the input holds a stored set's own array), or equal by equalSlow. `x` is
  // reused so each stored value is loaded once.
  const terms = keys.map((key, i) => {
    const load = `(x = stored[${JSON.stringify(key)}])`;
    return (
      `(${load} === values[${i}] ? (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x))` +
      ` : equalSlow(x, values[${i}]))`
    );
  });
  const source = `'use strict';\nreturn function compareStoredSet(stored, values) {\n  let x;\n  return ${terms.join(' &&\n    ')};\n};`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('equalSlow', source)(equalSlow) as StoredSetComparator;
  } catch {
    codeGenerationAllowed = false; // EvalError: code generation from strings is disallowed
    return undefined;
  }
}
