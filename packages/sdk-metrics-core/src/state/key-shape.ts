// The lookup's view of one input key list ("shape": the kept own keys of an attributes
// object, in the order for...in gives them). Inputs of one shape are read into its arrays
// by position, so that on the hot path
//  - the previous input of the shape is recognised with one `===` per value (the
//    previous-call cache, one per shape, so alternating key orders both hit; the pass
//    that finds the first key is not the current shape's but its alternate's goes on in
//    the alternate, so two orders alternating cost one pass: 34 -> 29.5 ns a call, micro
//    run of the bench's `counter.key-order` loop);
//  - the key hashes are computed once per shape (the value hashes on every call: keeping
//    them and comparing each value with the previous one cost more than hashing it again,
//    measured on fresh literals over 1,000 sets: 7-8 % slower);
//  - comparing with a stored set the index nominated uses named loads compiled for the
//    key list (stored-set-comparator.ts); without one, it walks the stored copy with
//    for...in (which V8 reads by field index) and indexes the input's values through a
//    permutation, instead of keyed loads over many property names.
// Shapes only speed the lookup up: every answer they give is a comparison with the
// stored set (or `===` on the same primitive values as a call whose answer was one).
// Memory: what a key list determines (the keys, their hashes, the stored order) is shared by
// the shapes of every table with that key list (instruments with the same attribute names),
// and a table makes no shape before its first input.
import type { Attributes } from '@opentelemetry/api';
import { hashKey, hashPairWithKeyHash, indexKey } from './attribute-hash';
import { isValidArray, sameArray, setOwn } from './canonical-attributes';
import { Snapshot } from './identity-cache';
import { cachedStoredSetComparator, storedSetComparator, storedSetComparatorSeam, type StoredSetComparator } from './stored-set-comparator';

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The arrays of a shape of no keys, shared by every table: nothing writes to an array of
 * length 0 here (scan() writes values[i] for i < keys.length only). Not frozen: a frozen
 * array has a map of its own, and the hot loops over the other shapes' arrays would see two.
 */
const NO_KEYS: never[] = [];

/** What a key list determines, shared by every shape with that list; never written. */
interface KeyList {
  readonly keys: readonly string[];
  readonly keyHashes: readonly number[];
  /**
   * For each key of a stored copy with exactly these keys, in its for...in order (integer
   * keys ascending, then the others sorted, as sanitizeAttributes inserts them), the
   * position of that key in `keys`.
   */
  readonly storedOrder: readonly number[];
}

const NO_KEY_LIST: KeyList = { keys: NO_KEYS, keyHashes: NO_KEYS, storedOrder: NO_KEYS };

/** Key lists kept for sharing, by JSON of the keys (most recently made last); bounded. */
const keyLists = new Map<string, KeyList>();
const MAX_KEY_LISTS = 256;

function keyListOf(keys: readonly string[]): KeyList {
  if (keys.length === 0) return NO_KEY_LIST;
  const id = JSON.stringify(keys);
  const cached = keyLists.get(id);
  if (cached !== undefined) return cached;
  // Plain arrays made by slice() and map(): packed, exactly n long, and small-integer
  // elements (32-bit Smis on 64-bit Node), read as fast as an Int32Array, which costs about
  // 180 bytes more each (its ArrayBuffer and backing store).
  const own = keys.slice();
  const probe: Attributes = {};
  for (const key of own.slice().sort()) setOwn(probe, key, 0);
  const list: KeyList = { keys: own, keyHashes: own.map((key) => hashKey(key)), storedOrder: Object.keys(probe).map((key) => own.indexOf(key)) };
  if (keyLists.size >= MAX_KEY_LISTS) keyLists.delete(keyLists.keys().next().value as string);
  keyLists.set(id, list);
  return list;
}

/** scan(): the input's keys are not this shape's (in this order). */
export const MISMATCH = -1;
/** scan() flag: a value differs (`!==`) from the previous input of the shape. */
export const CHANGED = 1;
/** scan() flag: a value is an object (an array can change in place, so `===` says nothing). */
export const HOLDS_OBJECT = 2;
/** scan() flag: the input was read into the shape's alternate (its keys are the alternate's). */
export const ALTERNATE = 4;

export class KeyShape<S> {
  readonly keys: readonly string[];
  private readonly keyHashes: readonly number[];
  /** See KeyList.storedOrder. */
  private readonly storedOrder: readonly number[];
  /** The values of the latest input of this shape, by position in `keys`. */
  private readonly values: unknown[];
  /** Named-load comparison with a stored set of as many keys (undefined: use matches()). */
  private compareStored: StoredSetComparator | undefined;
  /** Candidate comparisons left before the comparator is compiled (COMPILE_AFTER in stored-set-comparator.ts). */
  private comparisonsBeforeCompiling = storedSetComparatorSeam.compileAfter;
  /**
   * The series of `values` when none of them is an object (then `===` on each value is
   * equality of the sets, and a sanitized set depends on nothing else); else undefined.
   */
  series: S | undefined = undefined;
  /** The shape tried first when an input does not match this one (two key orders alternating). */
  alternate: KeyShape<S> | undefined = undefined;

  constructor(list: KeyList) {
    this.keys = list.keys;
    this.keyHashes = list.keyHashes;
    this.storedOrder = list.storedOrder;
    // The shape of no keys: its values are never written (scan() writes values[i] for
    // i < keys.length only), so all its instances share them.
    this.values = list.keys.length === 0 ? NO_KEYS : list.keys.map(() => undefined);
    this.compareStored = list.keys.length === 0 ? undefined : cachedStoredSetComparator(list.keys);
  }

  /**
   * Reads the kept own keys of `attributes` into this shape, or into `alternate` when the
   * first key is the alternate's and not this shape's (then the ALTERNATE flag is set: two
   * key orders alternating cost one pass, not a failed pass and a second one): MISMATCH when
   * they are not that shape's keys in that order, else ALTERNATE | CHANGED | HOLDS_OBJECT
   * flags.
   */
  scan(attributes: Attributes, keepKey: ((key: string) => boolean) | undefined, alternate: KeyShape<S> | undefined): number {
    let keys = this.keys;
    let values = this.values;
    let n = keys.length;
    let i = 0;
    let flags = 0;
    for (const key in attributes) {
      if (!hasOwnProperty.call(attributes, key)) continue; // inherited keys are not attributes
      if (keepKey !== undefined && !keepKey(key)) continue;
      if (i === n || keys[i] !== key) {
        if (i !== 0) return (flags & ALTERNATE) === 0 ? this.mismatch(flags) : alternate!.mismatch(flags);
        if (alternate === undefined || alternate.keys.length === 0 || alternate.keys[0] !== key) return MISMATCH;
        keys = alternate.keys;
        values = alternate.values;
        n = keys.length;
        flags = ALTERNATE;
      }
      const value = attributes[key];
      if (values[i] !== value) {
        values[i] = value;
        flags |= CHANGED;
      }
      if (typeof value === 'object') flags |= HOLDS_OBJECT;
      i++;
    }
    if (i === n) return flags;
    return (flags & ALTERNATE) === 0 ? this.mismatch(flags) : alternate!.mismatch(flags);
  }

  /** Invariant of `series`: it stays only while `values` are those it was found for. */
  private mismatch(flags: number): number {
    if ((flags & CHANGED) !== 0) this.series = undefined;
    return MISMATCH;
  }

  /**
   * The series-index key of the scanned input: indexKey() of its set hash (hashAttributes
   * over it, computed with the shape's key hashes) and its key count.
   */
  indexKey(): number {
    const values = this.values;
    const keyHashes = this.keyHashes;
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum = (sum + hashPairWithKeyHash(keyHashes[i], values[i])) | 0;
    return indexKey(sum, values.length);
  }

  /**
   * A record of the scanned input, known to equal `series`' stored set `stored` (or a
   * valid set whose series is the overflow series, `stored` then being its attributes):
   * [series, this shape's keys, value...] by position in `keys`, array values as stored (the
   * caller's array can change in place). sameAsSnapshot() compares a later input with it.
   */
  snapshot(series: S, stored: Attributes): Snapshot {
    const keys = this.keys;
    const tail = this.values.map((value, i) =>
      typeof value !== 'object' ? value : hasOwnProperty.call(stored, keys[i]) ? stored[keys[i]] : (value as unknown[]).slice(), // overflow: a copy
    );
    return new Snapshot(series, keys, tail);
  }

  /**
   * True when the scanned input has the values of `snapshot` (made by this shape's
   * snapshot(): same keys in the same order): so it equals the snapshot's series' set.
   */
  sameAsSnapshot(snapshot: Snapshot): boolean {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const x = snapshot.valueAt(i);
      const v = values[i];
      if (x !== v && (x === x || v === v) && !sameArray(x, v)) return false; // NaN equals NaN
    }
    return true;
  }

  /** True when every scanned value is a valid attribute value (so find() compares the input exactly). */
  isValidSet(): boolean {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const type = typeof value;
      if (type === 'string' || type === 'number' || type === 'boolean') continue;
      if (!Array.isArray(value) || !isValidArray(value)) return false;
    }
    return true;
  }

  /**
   * matches(stored) for a stored set known to have as many keys as this shape (a candidate
   * the series index nominated: the key count is part of its index key, see indexKey).
   */
  matchesCandidate(stored: Attributes): boolean {
    const compare = this.compareStored;
    if (compare !== undefined) return compare(stored, this.values);
    if (this.comparisonsBeforeCompiling > 0 && --this.comparisonsBeforeCompiling === 0) this.compareStored = storedSetComparator(this.keys);
    return this.matches(stored);
  }

  /**
   * True when the stored set `stored` (a sanitized copy) equals the scanned input: the same
   * keys (for...in over the copy enumerates exactly its keys, in storedOrder) and, key by
   * key, the same value (NaN equal to NaN, arrays element by element). An input holding an
   * invalid value never matches (no stored set holds one); the miss path sanitizes it.
   */
  matches(stored: Attributes): boolean {
    const order = this.storedOrder;
    const keys = this.keys;
    const values = this.values;
    const n = order.length;
    let j = 0;
    for (const key in stored) {
      if (j === n) return false;
      const i = order[j];
      if (keys[i] !== key) return false;
      const x = stored[key];
      const v = values[i];
      if (x !== v && (x === x || v === v) && !sameArray(x, v)) return false; // NaN equals NaN
      j++;
    }
    return j === n;
  }
}

/** Shapes kept per table: enough for the few key lists an instrument sees; an LRU beyond. */
const MAX_SHAPES = 16;

/**
 * The `current` shape of a table before its first input, shared by all tables: its one key
 * is a symbol, which for...in never gives, so it scans every input as MISMATCH without
 * writing anything (scan() writes only after a key matched), and the lookup makes the
 * input's own shape. Never in a table's `all`, never an alternate.
 */
const NO_INPUT_YET = new KeyShape<never>({ keys: [Symbol('no input yet') as unknown as string], keyHashes: [0], storedOrder: [0] });

/** The `all` of a table before its first shape: empty, never written (shapeOf() replaces it). */
const NO_SHAPES: KeyShape<never>[] = [];

/**
 * The shapes of one series table, the current one first. Bounded (MAX_SHAPES), so key
 * lists built from request data cannot grow it; a forgotten shape is only a slower lookup.
 */
export class KeyShapes<S> {
  /** The shape of the latest input (NO_INPUT_YET before the first). */
  current: KeyShape<S> = NO_INPUT_YET;
  private all: KeyShape<S>[] = NO_SHAPES;

  /**
   * After `current.scan(attributes)` gave MISMATCH: scans `attributes` with the shape of
   * its keys and makes it current (the alternate of the current one, else a kept or new
   * one). Returns scan()'s flags, or MISMATCH if even the shape made from the input's keys
   * did not match (a getter changed the object while it was read).
   */
  rescan(attributes: Attributes, keepKey: ((key: string) => boolean) | undefined): number {
    const previous = this.current;
    const alternate = previous.alternate;
    if (alternate !== undefined) {
      const alternateFlags = alternate.scan(attributes, keepKey, undefined);
      if (alternateFlags !== MISMATCH) {
        alternate.alternate = previous;
        this.current = alternate;
        return alternateFlags;
      }
    }
    const shape = this.shapeOf(attributes, keepKey);
    if (shape !== previous && previous !== NO_INPUT_YET) shape.alternate = previous;
    this.current = shape;
    return shape.scan(attributes, keepKey, undefined);
  }

  /** Drops every shape's remembered series (the table forgot series). */
  forgetSeries(): void {
    for (const shape of this.all) shape.series = undefined;
  }

  private shapeOf(attributes: Attributes, keepKey: ((key: string) => boolean) | undefined): KeyShape<S> {
    const keys: string[] = [];
    for (const key in attributes) {
      if (!hasOwnProperty.call(attributes, key)) continue;
      if (keepKey !== undefined && !keepKey(key)) continue;
      keys.push(key);
    }
    const all = this.all;
    for (let s = 0; s < all.length; s++) {
      const found = all[s];
      if (sameKeys(found.keys, keys)) {
        // Most recently used last: the front is evicted first.
        all.splice(s, 1);
        all.push(found);
        return found;
      }
    }
    const shape = new KeyShape<S>(keyListOf(keys));
    if (all.length >= MAX_SHAPES) {
      const evicted = all.shift()!;
      evicted.alternate = undefined;
      // No kept shape may reach a dropped one, so at most MAX_SHAPES stay alive.
      for (const kept of all) if (kept.alternate === evicted) kept.alternate = undefined;
    }
    // A new array of exactly this length (shapes are rarely added; push would leave room for 16).
    this.all = all.concat(shape);
    return shape;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
