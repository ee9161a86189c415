// Remembers, per attributes object the application passed, the series it was last found
// in: applications often build one object per series and reuse it (a map of label sets,
// a module-level object per route), and recognising the object skips hashing its values.
// What is remembered is a snapshot (KeyShape.snapshot: the series, the key list and the
// values the object had when it was found equal to the series' set); verify() compares
// the object's current keys and values with it, because objects are mutated between calls.
// Memory: a WeakMap entry and a snapshot (one object of 112 bytes for up to 8 attributes)
// per object remembered, dropped when the object dies; plus a strong reference to the
// latest object (one per table). The first object remembered is only that reference: the
// WeakMap (about 140 bytes) is made with the second (and a table of one series remembers
// nothing, SeriesTable.remember). Inserting costs more than a lookup, and objects used once (fresh
// literals) would only churn the map, so insertions are paid for by hits: each verified
// hit earns one insertion, and without credit only one offer in SAMPLE_EVERY is inserted
// (so that reuse is still discovered).
import type { Attributes } from '@opentelemetry/api';
import { sameArray } from './canonical-attributes';

/** Insertions allowed before any hit, and the most credit hits can accumulate. */
const INITIAL_CREDIT = 256;
const MAX_CREDIT = 1 << 16;
/**
 * Without credit, one offer in this many (a power of two) is inserted: rare, because fresh
 * literals are offered on every call and each insertion is a map entry for a dying object
 * (one in 256 cost 4 % of a fresh-literal call over 1,000 sets); credit, not sampling, is
 * what lets a reused set of objects in.
 */
const SAMPLE_EVERY = 4096;
/** Hits that make the cache worth consulting before reading the input; misses spend them. */
const MAX_SCORE = 64;
/**
 * While the cache is consulted only after the input was read (score <= 0), consecutive
 * probes that miss space the next ones out, up to one call in this many (a power of two):
 * fresh literals probe a map that cannot hold them (about 3 % of such a call), while a
 * reused object is still probed within this many calls, and one hit probes every call again.
 */
const MAX_PROBE_SPACING = 16;

const hasOwnProperty = Object.prototype.hasOwnProperty;


/**
 * Test seam: when `always` is set (before the provider is made), every object is remembered
 * and the cache is always consulted first, so that tests reach it on every path.
 */
export const identityCacheSeam = { always: false };

/** Values a snapshot holds in fields of its own; the rest are in one array (`more`). */
export const INLINE_VALUES = 8;

/**
 * What the cache remembers of an object: the series it was found in, the key list it had
 * and its values then (by position in `keys`; arrays as stored, as the caller's can change
 * in place). One object with the first values in its own fields, not an array: an array
 * is two objects (the array and its elements), which the garbage collector separates when
 * it moves them to the old generation, and each lookup waits for both. Measured (micro run
 * of the bench's loop, 10,000 reused objects, garbage made between samples so that the
 * snapshots are in the old generation): 57 -> 51 ns a call; no change at 1,000 objects or
 * at 8 attributes (where an array of 10 was 128 bytes, about this object's size).
 */
export class Snapshot {
  readonly v0: unknown;
  readonly v1: unknown;
  readonly v2: unknown;
  readonly v3: unknown;
  readonly v4: unknown;
  readonly v5: unknown;
  readonly v6: unknown;
  readonly v7: unknown;
  /** Values from position INLINE_VALUES on (undefined when there are none). */
  readonly more: readonly unknown[] | undefined;

  constructor(
    readonly series: unknown,
    readonly keys: readonly string[],
    values: readonly unknown[],
  ) {
    const n = values.length;
    this.v0 = n > 0 ? values[0] : undefined;
    this.v1 = n > 1 ? values[1] : undefined;
    this.v2 = n > 2 ? values[2] : undefined;
    this.v3 = n > 3 ? values[3] : undefined;
    this.v4 = n > 4 ? values[4] : undefined;
    this.v5 = n > 5 ? values[5] : undefined;
    this.v6 = n > 6 ? values[6] : undefined;
    this.v7 = n > 7 ? values[7] : undefined;
    this.more = n > INLINE_VALUES ? values.slice(INLINE_VALUES) : undefined;
  }

  /** The value at position `i` of `keys`. */
  valueAt(i: number): unknown {
    switch (i) {
      case 0:
        return this.v0;
      case 1:
        return this.v1;
      case 2:
        return this.v2;
      case 3:
        return this.v3;
      case 4:
        return this.v4;
      case 5:
        return this.v5;
      case 6:
        return this.v6;
      case 7:
        return this.v7;
      default:
        return this.more![i - INLINE_VALUES];
    }
  }
}

/** Verifies against no object (no object enumerates one own key twice): lastSnapshot when there is none. */
const NO_SNAPSHOT = new Snapshot(undefined, Object.freeze(['', '']), []);

/**
 * True when `attributes` has exactly the kept own keys of `snapshot`, in its order, with
 * its values (NaN equal to NaN, arrays element by element): then it equals the snapshot's
 * series' set. Key order is part of the check only to keep it one pass; another order is
 * a miss here and is found by the hash.
 * Why for...in and keyed loads, not property loads compiled per key list (as the stored-set
 * comparators read the stored copies): the caller's objects need not share a hidden class.
 * A compiled verifier took 26 ns for 8 keys on objects written as one literal, but 500 ns
 * on the same sets built by spread (`{ ...base, host }`: a hidden class per few objects,
 * every load megamorphic), where this loop takes about 35 ns.
 */
export function verify(snapshot: Snapshot, attributes: Attributes, keepKey: ((key: string) => boolean) | undefined): boolean {
  const keys = snapshot.keys;
  const n = keys.length;
  let i = 0;
  for (const key in attributes) {
    if (!hasOwnProperty.call(attributes, key)) continue; // inherited keys are not attributes
    if (keepKey !== undefined && !keepKey(key)) continue;
    if (i === n || keys[i] !== key) return false;
    const x = snapshot.valueAt(i);
    const v = attributes[key];
    if (x !== v && (x === x || v === v) && !sameArray(x, v)) return false; // NaN equals NaN
    i++;
  }
  return i === n;
}

export class IdentityCache {
  /**
   * Made with the second insertion (of another object): a table that remembers one object at
   * most never pays for one. Invariant: every remembered object is `lastObject` or in the map
   * (once the map exists, all of them are in it).
   */
  private map: WeakMap<object, Snapshot> | undefined = undefined;
  private credit = INITIAL_CREDIT;
  private offers = 0;
  /**
   * Recent verified hits minus misses, at most MAX_SCORE: while positive, the table
   * consults the cache before reading the input into its shape (reused objects); else
   * only after the shape's previous-call check failed (fresh literals pay nothing).
   */
  score = identityCacheSeam.always ? Infinity : 0;
  /** Calls to let pass before the next probe after the input was read (see MAX_PROBE_SPACING). */
  private probeSkip = 0;
  /** The current spacing of those probes: 1 after a hit, doubled by each miss. */
  private probeSpacing = 1;
  /** The object of the latest hit or insertion, and its snapshot (checked before the map). */
  lastObject: object | undefined = undefined;
  lastSnapshot: Snapshot = NO_SNAPSHOT;

  /** The snapshot `attributes` was last remembered with (unverified), if any. */
  get(attributes: object): Snapshot | undefined {
    const map = this.map;
    if (map !== undefined) return map.get(attributes);
    return attributes === this.lastObject ? this.lastSnapshot : undefined;
  }

  /** Whether to probe the map after the input was read (score <= 0): then call hit() or probeMissed(). */
  probes(): boolean {
    return this.probeSkip-- <= 0;
  }

  /** A probe after the input was read found nothing (or a stale snapshot): probe less often. */
  probeMissed(): void {
    this.probeSkip = this.probeSpacing - 1;
    if (this.probeSpacing < MAX_PROBE_SPACING) this.probeSpacing *= 2;
  }

  /** A get() answer was verified: reuse is happening, allow one more insertion. */
  hit(): void {
    this.probeSpacing = 1;
    // A hit does not move lastObject: in a round robin over many objects that is two writes
    // per call for nothing (5 % of the call over 1,000 sets). The same object again (one
    // holding an array, which the previous-call cache does not serve) is the one set() took.
    if (this.credit < MAX_CREDIT) this.credit++;
    if (this.score < MAX_SCORE) this.score++;
  }

  /** Consulted first, and no verified answer. */
  miss(): void {
    this.score--;
  }

  /** Whether to remember the object just found (then call set()): insertions are paid for (see the header). */
  admits(): boolean {
    if (this.credit > 0) {
      this.credit--;
      return true;
    }
    return (++this.offers & (SAMPLE_EVERY - 1)) === 0 || identityCacheSeam.always;
  }

  set(attributes: object, snapshot: Snapshot): void {
    let map = this.map;
    const last = this.lastObject;
    if (map === undefined && last !== undefined && last !== attributes) {
      map = this.map = new WeakMap();
      map.set(last, this.lastSnapshot);
    }
    map?.set(attributes, snapshot);
    this.lastObject = attributes;
    this.lastSnapshot = snapshot;
  }

  /** Forgets every entry (the table forgot series that entries may point to). */
  clear(): void {
    this.map = undefined;
    this.score = identityCacheSeam.always ? Infinity : 0;
    this.probeSkip = 0;
    this.probeSpacing = 1;
    this.lastObject = undefined;
    this.lastSnapshot = NO_SNAPSHOT;
  }
}
