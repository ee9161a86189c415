// Remembers, per attributes object the application passed, the series it was last found
// in: applications often build one object per series and reuse it (a map of label sets,
// a module-level object per route), and recognising the object skips hashing its values.
// What is remembered is a snapshot (KeyShape.snapshot: the series, the key list and the
// values the object had when it was found equal to the series' set); verify() compares
// the object's current keys and values with it, because objects are mutated between calls.
// Where: in a private slot on the object itself (object-stamp.ts: one load instead of a
// WeakMap probe), which holds a short chain of snapshots when several tables remember the
// object (an object recorded on two instruments, or read by two readers); the tables beyond
// the chain's length, and objects that take no stamp (frozen, sealed, a proxy), use the
// cache's WeakMap. A snapshot is trusted only if its `owner` is the cache's current one,
// so that a stamp of another table, or of this table before clear(), is never an answer.
// Memory: a snapshot (one object of 136 bytes for up to 8 attributes) per object
// remembered, and a WeakMap entry for those not stamped, dropped when the object dies;
// the cache holds no object strongly. A stamp left by a cleared cache keeps its snapshot
// (and the series it names) until the object dies or is remembered again: at most
// STAMPS_PER_OBJECT per object the application keeps. The WeakMap (about 140 bytes) is
// made with the first object that needs it (and a table of one series remembers nothing,
// SeriesTable.remember). Inserting costs more than a lookup, and objects used once (fresh
// literals) would only churn the map, so insertions are paid for by hits: each verified
// hit earns one insertion, and without credit only one offer in SAMPLE_EVERY is inserted
// (so that reuse is still discovered).
import { types } from 'node:util';
import type { Attributes } from '@opentelemetry/api';
import { sameArray } from './canonical-attributes';
import { readStamp, writeStamp } from './object-stamp';

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

/**
 * Tables that can keep a snapshot on one object (a chain from its stamp): an object recorded
 * on a counter and a histogram, each read by two readers of different temporality, is four.
 * The tables beyond keep theirs in their WeakMap; a longer chain would be walked on each call.
 */
const STAMPS_PER_OBJECT = 4;

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
  /** The cache (and generation of it) that remembered this snapshot: set by IdentityCache.set(). */
  owner: SnapshotOwner = NO_OWNER;
  /** The next snapshot stamped on the same object, by another table (see IdentityCache.stamp). */
  next: Snapshot | undefined = undefined;
  /** The object cannot change (cannotChange()): found again, it needs no verify(). */
  unchangeable = false;

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

/**
 * Who remembered a snapshot: one object per cache and generation (IdentityCache.clear()
 * makes a new one), naming its cache by number so that a stamp left on an application's
 * object keeps no cache alive.
 */
interface SnapshotOwner {
  readonly cache: number;
}

const NO_OWNER: SnapshotOwner = { cache: 0 };
let cachesMade = 0;

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

/**
 * True when no own key or value of `obj` can change: it is frozen, every own property is a
 * data property (a getter may answer differently each time) and every object value (an
 * array) is frozen too. Not a proxy, whose traps may answer anything. Asked once per
 * object remembered in the map (frozen objects take no stamp), not on the hot path.
 */
function cannotChange(obj: object): boolean {
  if (types.isProxy(obj) || !Object.isFrozen(obj)) return false;
  const descriptors = Object.getOwnPropertyDescriptors(obj);
  for (const key of Reflect.ownKeys(descriptors)) {
    const descriptor = descriptors[key as string];
    if (!('value' in descriptor)) return false;
    const value: unknown = descriptor.value;
    if (typeof value === 'object' && value !== null && (types.isProxy(value) || !Object.isFrozen(value))) return false;
  }
  return true;
}

export class IdentityCache {
  private readonly id = ++cachesMade;
  /** The owner of the snapshots remembered since the last clear(); made with the first. */
  private owner: SnapshotOwner | undefined = undefined;
  /**
   * The snapshots of remembered objects that could not be stamped (see the header); made
   * with the first. Invariant: every object remembered since the last clear() has its
   * snapshot, owned by `owner`, in the chain stamped on it, or in this map.
   */
  private map: WeakMap<object, Snapshot> | undefined = undefined;
  /**
   * Insertions into the map minus stamps written, since the last clear() (bounded by
   * MAX_CREDIT either way): while positive, get() asks the map first. A table whose objects
   * carry full chains of other tables' snapshots (the same objects recorded on many
   * instruments) then pays one lookup, not a walk of the chain as well. Measured (micro
   * run, 50 counters x the same 100 objects, interleaved): 47-50 ns a call with the stamp
   * read first, 44-47 as before stamps.
   */
  private mapFirst = 0;
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

  /** The snapshot `attributes` was last remembered with (unverified), if any. */
  get(attributes: object): Snapshot | undefined {
    if (this.mapFirst > 0) {
      const mapped = this.map!.get(attributes);
      if (mapped !== undefined) return mapped;
    }
    for (let stamped = readStamp(attributes) as Snapshot | undefined; stamped !== undefined; stamped = stamped.next) {
      if (stamped.owner === this.owner) return stamped;
    }
    return this.mapFirst > 0 ? undefined : this.map?.get(attributes);
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
    snapshot.owner = this.owner ??= { cache: this.id };
    if (this.stamp(attributes, snapshot)) {
      if (this.mapFirst > -MAX_CREDIT) this.mapFirst--;
      return;
    }
    snapshot.unchangeable = cannotChange(attributes);
    (this.map ??= new WeakMap()).set(attributes, snapshot);
    if (this.mapFirst < MAX_CREDIT) this.mapFirst++;
  }

  /**
   * Puts `snapshot` in the chain of snapshots stamped on `attributes`: in place of this
   * cache's own earlier one (of any generation), else at the end. False when the chain is
   * full (STAMPS_PER_OBJECT) or the object takes no stamp. Each table keeps its own link:
   * taking turns at one slot, two tables recording the same object would both miss.
   */
  private stamp(attributes: object, snapshot: Snapshot): boolean {
    let previous: Snapshot | undefined = undefined;
    let length = 0;
    for (let current = readStamp(attributes) as Snapshot | undefined; current !== undefined; current = current.next) {
      if (current.owner.cache === this.id) {
        snapshot.next = current.next;
        if (previous === undefined) return writeStamp(attributes, snapshot);
        previous.next = snapshot;
        return true;
      }
      previous = current;
      length++;
    }
    if (previous === undefined) return writeStamp(attributes, snapshot);
    if (length >= STAMPS_PER_OBJECT) return false;
    previous.next = snapshot;
    return true;
  }

  /** Forgets every entry (the table forgot series that entries may point to). */
  clear(): void {
    this.owner = undefined; // every stamp of this cache is stale now (set() makes a new owner)
    this.map = undefined;
    this.mapFirst = 0;
    this.score = identityCacheSeam.always ? Infinity : 0;
    this.probeSkip = 0;
    this.probeSpacing = 1;
  }
}
