// Remembers, per attributes object the application passed, the series it was last found
// in: applications often build one object per series and reuse it (a map of label sets,
// a module-level object per route), and recognising the object skips hashing its values.
// What is remembered is a snapshot (KeyShape.snapshot: the series, the key list and the
// values the object had when it was found equal to the series' set); verify() compares
// the object's current keys and values with it, because objects are mutated between calls.
// Where: in a private slot on the object itself (object-stamp.ts: one load instead of a
// WeakMap probe), which holds a short chain of snapshots when several tables remember the
// object (an object recorded on a counter and a histogram, each read by two readers, is
// four tables), and after the chain a small open-addressing array of the snapshots of
// the tables beyond (StampTable: the same objects recorded on many instruments). The
// tables beyond that array's capacity, and objects that take no stamp (frozen, sealed, a
// proxy), use the cache's WeakMap. A snapshot is trusted only if its `owner` is the
// cache's current one, so that a stamp of another table, or of this table before
// clear(), is never an answer.
// Memory: a snapshot (one object of 144 bytes for up to 8 attributes) per object
// remembered, a StampTable (56-1,040 bytes) per object more than CHAINED_STAMPS tables
// remember, and a WeakMap entry for those not stamped, dropped when the object dies; the
// cache holds no object strongly. A stamp left by a cleared cache, or by a table of a
// provider that is gone, keeps its snapshot (and the series it names) until the object
// dies or the same table remembers it again: at most CHAINED_STAMPS + 3/4 of
// MAX_STAMP_TABLE (100) per object the application keeps.
// The WeakMap (about 140 bytes) is made with the first object that needs it (and a table
// of one series remembers nothing, SeriesTable.remember). Inserting costs more than a
// lookup, and objects used once (fresh literals) would only churn the map, so insertions
// are paid for by hits: each verified hit earns one insertion, and without credit only one
// offer in SAMPLE_EVERY is inserted (so that reuse is still discovered).
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
 * Tables whose snapshots of one object are chained from its stamp (`Snapshot.next`): an
 * object recorded on a counter and a histogram, each read by two readers of different
 * temporality, is four. A chain is walked on each call, so the tables beyond go to the
 * chain's StampTable.
 */
const CHAINED_STAMPS = 4;

/**
 * The snapshots of the tables beyond the chain of CHAINED_STAMPS (in `beyond` of its first),
 * each at the first free position on the linear probe sequence from its table's
 * number (`cache & (length - 1)`), or in place of that table's earlier one. Invariants: the
 * length is a power of two from FIRST_STAMP_TABLE to MAX_STAMP_TABLE; at most 3/4 of the
 * positions are taken (so a probe for a table that has none ends at a free one within a
 * few steps); nothing is removed, so a table's snapshot is always before the first free
 * position of its probe sequence.
 */
type StampTable = (Snapshot | undefined)[];

const FIRST_STAMP_TABLE = 4;
/**
 * Positions at most: 96 tables beyond the chain (1,040 bytes); beyond them, the WeakMap.
 * Bounds the stale snapshots (of cleared tables, of providers shut down) an object keeps.
 */
const MAX_STAMP_TABLE = 128;

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
  /** Of the snapshot stamped on an object (the chain's first): the tables' beyond the chain (StampTable). */
  beyond: StampTable | undefined = undefined;
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
   * snapshot, owned by `owner`, stamped on it (in the chain, or in the StampTable of its
   * first link), or in this map.
   */
  private map: WeakMap<object, Snapshot> | undefined = undefined;
  /**
   * Insertions into the map minus stamps written, since the last clear() (bounded by
   * MAX_CREDIT either way): while positive, get() asks the map first. A table whose objects
   * take no stamp (frozen), or carry a hundred other tables' snapshots, then pays one
   * lookup, not a walk of the stamps as well.
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
    const owner = this.owner;
    if (owner === undefined) return undefined; // nothing remembered since clear()
    if (this.mapFirst > 0) {
      const mapped = this.map!.get(attributes);
      if (mapped !== undefined) return mapped;
    }
    const first = readStamp(attributes) as Snapshot | undefined;
    if (first !== undefined) {
      if (first.owner === owner) return first;
      // The tables beyond the chain before the chain: where there are such, most are there.
      const beyond = first.beyond;
      if (beyond !== undefined) {
        const mask = beyond.length - 1;
        for (let slot = this.id & mask; ; slot = (slot + 1) & mask) {
          const entry = beyond[slot];
          if (entry === undefined) break;
          if (entry.owner === owner) return entry;
        }
      }
      for (let link = first.next; link !== undefined; link = link.next) if (link.owner === owner) return link;
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
   * Stamps `snapshot` on `attributes`: in place of this cache's own earlier one (of any
   * generation, in the chain or its StampTable), else at the end of the chain, else in the
   * StampTable after it (made, or grown, as it fills). False when the object takes no stamp
   * or the StampTable is full (MAX_STAMP_TABLE). Each table keeps its own place: taking
   * turns at one, two tables recording the same object would both miss.
   */
  private stamp(attributes: object, snapshot: Snapshot): boolean {
    const first = readStamp(attributes) as Snapshot | undefined;
    if (first === undefined) return writeStamp(attributes, snapshot);
    if (first.owner.cache === this.id) {
      snapshot.next = first.next;
      snapshot.beyond = first.beyond;
      return writeStamp(attributes, snapshot);
    }
    let last = first;
    let length = 1;
    for (let link = first.next; link !== undefined; link = link.next) {
      if (link.owner.cache === this.id) {
        snapshot.next = link.next;
        last.next = snapshot;
        return true;
      }
      last = link;
      length++;
    }
    const beyond = first.beyond;
    if (beyond === undefined) {
      if (length < CHAINED_STAMPS) last.next = snapshot;
      else placeStamp((first.beyond = emptyStampTable(FIRST_STAMP_TABLE)), snapshot);
      return true;
    }
    const mask = beyond.length - 1;
    for (let slot = this.id & mask; ; slot = (slot + 1) & mask) {
      const entry = beyond[slot];
      if (entry === undefined) break;
      if (entry.owner.cache === this.id) {
        beyond[slot] = snapshot;
        return true;
      }
    }
    return addToStampTable(first, beyond, snapshot);
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

/** Puts `snapshot` at the first free position of its table's probe sequence in `table` (which has one). */
function placeStamp(table: StampTable, snapshot: Snapshot): void {
  const mask = table.length - 1;
  let slot = snapshot.owner.cache & mask;
  while (table[slot] !== undefined) slot = (slot + 1) & mask;
  table[slot] = snapshot;
}

/**
 * Adds `snapshot`, of a table that has none in `table` (the `beyond` of the chain's
 * `first`), keeping it at most 3/4 full: in place, or in a table twice as long; false at
 * MAX_STAMP_TABLE.
 */
function addToStampTable(first: Snapshot, table: StampTable, snapshot: Snapshot): boolean {
  let taken = 1;
  for (const entry of table) if (entry !== undefined) taken++;
  if (taken * 4 <= table.length * 3) {
    placeStamp(table, snapshot);
    return true;
  }
  if (table.length >= MAX_STAMP_TABLE) return false;
  const grown = emptyStampTable(table.length * 2);
  for (const entry of table) if (entry !== undefined) placeStamp(grown, entry);
  placeStamp(grown, snapshot);
  first.beyond = grown;
  return true;
}

/** A StampTable of `length` free positions: packed (pushed, not `new Array(n)`, which V8 reads with hole checks). */
function emptyStampTable(length: number): StampTable {
  const table: StampTable = [];
  for (let i = 0; i < length; i++) table.push(undefined);
  return table;
}
