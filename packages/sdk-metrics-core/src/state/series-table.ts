// Finds the series of an attribute set. This is the recording hot path, so the common
// cases cost no allocation, no sorting and no string building. One for...in pass reads the
// input into the shape of its key list (key-shape.ts), then, fastest first:
//  1. the same primitive values as the previous input of that shape (the same object
//     again, or a literal of the same shape): that input's series;
//  2. the series this very object was found in before (identity-cache.ts), if its stored
//     set still equals the input (objects are mutated between calls);
//  3. an order-independent hash of the set (attribute-hash.ts) finds candidate series in
//     an open-addressing index (series-index.ts), and the set is compared with theirs;
//  4. on a miss, the set is validated, copied and stored under the hash of the copy.
// Steps 2 and 3 only nominate: a stored set equal to the input decides
// (docs/series-identity.md). Memory per series is the copy of its attributes, its
// accumulation (which is also the series) and its index entry.
import type { Attributes } from '@opentelemetry/api';
import type { Accumulation } from '../aggregators/aggregator';
import type { AttributesProcessor } from '../view/attributes-processor';
import { hashAttributes, indexKey } from './attribute-hash';
import { describeInvalidKeys, freezeStoredSet, sameAttributes, sanitizeAttributes } from './canonical-attributes';
import { IdentityCache, verify } from './identity-cache';
import { ALTERNATE, HOLDS_OBJECT, KeyShapes, MISMATCH, type KeyShape } from './key-shape';
import { SeriesIndex } from './series-index';

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
/** The attribute set of the overflow series (specification: cardinality limits). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/**
 * Makes the accumulation of a new series (the stream's aggregator, for one). An object rather
 * than a closure, so that a table costs no function and context of its own (about 100 bytes
 * of every instrument).
 */
export interface AccumulationFactory<A extends Accumulation> {
  createAccumulation(): A;
}

/** Where a table reports (rarely: on misses) a description of dropped invalid attributes. */
export interface InvalidAttributesReport {
  invalidAttributes(message: string): void;
}

export interface SeriesTableOptions<A extends Accumulation> {
  factory: AccumulationFactory<A>;
  /** Distinct non-overflow series allowed; the next new set goes to the overflow series. */
  cardinalityLimit: number;
  attributesProcessor?: AttributesProcessor;
  reports?: InvalidAttributesReport;
}

/** A bound handle's pin; `parked` while it holds the overflow series and waits for room. */
export interface PinnedSeries<A extends Accumulation = Accumulation> {
  series: A;
  parked: boolean;
}

interface ParkedPin<A extends Accumulation> {
  readonly pinned: PinnedSeries<A>;
  /** A copy of the set as bound (before any attribute processor), looked up again later. */
  readonly attributes: Attributes;
  readonly moveTo: (series: A) => void;
}

export class SeriesTable<A extends Accumulation> {
  private readonly index = new SeriesIndex<A>(indexKeyOfSeries);
  /**
   * Emptied accumulations of forgotten series (delta), reused for new series so that a
   * busy delta stream does not reallocate its series every interval. At most `limit`.
   * Made with the first one (most tables never forget a series).
   */
  private spare: A[] | undefined = undefined;
  private empty: A | undefined;
  private overflowSeries: A | undefined;
  /** Bound handles that got the overflow series (bound at the limit), oldest first; made with the first. */
  private parkedPins: ParkedPin<A>[] | undefined = undefined;
  /**
   * Bound handles per pinned series (a pinned series is never forgotten). Few series are
   * ever pinned, so the count lives here rather than in a field of every series; and few
   * tables ever have one, so the map is made with the first pin.
   */
  private pins: Map<A, number> | undefined = undefined;
  /** Input key lists seen, each with its previous-call cache (key-shape.ts). */
  private readonly shapes = new KeyShapes<A>();
  /** Per attributes object, its series last time (identity-cache.ts); a candidate only. */
  private readonly identity = new IdentityCache();
  private readonly keepKey: ((key: string) => boolean) | undefined;
  private readonly process: ((attributes: Attributes) => Attributes) | undefined;
  private readonly factory: AccumulationFactory<A>;
  private readonly limit: number;
  /**
   * Delta: how many series the table held when the interval began (see forgetIdle,
   * endInterval): the first `carried` of the index in creation order, since nothing is
   * removed until makeRoom (inserts append). Those this interval has neither recorded on
   * nor bound a handle to give their room to a new set at the limit. 0 once that happened,
   * and at every collection.
   */
  private carried = 0;
  /**
   * While series are carried: those a handle held at some time in this interval (when it
   * began, or bound since). A handle admits its series, so they keep their room even if
   * unbound again without a recording (until the next collection).
   */
  private heldThisInterval: Set<A> | undefined = undefined;
  private readonly reports: InvalidAttributesReport | undefined;

  constructor(options: SeriesTableOptions<A>) {
    this.factory = options.factory;
    this.limit = options.cardinalityLimit;
    this.reports = options.reports;
    const processor = options.attributesProcessor;
    // A key-filter processor runs inside the lookup (no allocation); any other processor
    // builds a new attributes object first.
    this.keepKey = processor?.keepKey;
    this.process = processor && !processor.keepKey ? (attrs) => processor.process(attrs) : undefined;
  }

  /**
   * The series of `attributes`: every step of the lookup's control flow, in one function on
   * purpose. Its bytecode is larger than V8 ever inlines (460 bytes in Node 20), so it stays
   * a call of its own and the instrument methods above it (`add`, the accumulator's and
   * the aggregation's `record`) stay small enough to be inlined into the application's
   * code. Inlined, a non-integer value never leaves a register; when the whole lookup was
   * inlined into `add`, V8 stopped inlining `add` into its callers, and every non-integer
   * value was boxed (16 bytes) to be passed to it (bench: allocation rows with non-integer
   * values). Its own optimised code still inlines the steps it calls (scan, verify, find).
   */
  lookup(attributes: Attributes | undefined): A {
    if (attributes === undefined || attributes === null) {
      return this.empty ?? (this.empty = this.lookup(EMPTY_ATTRIBUTES));
    }
    if (this.process !== undefined) attributes = this.process(attributes);
    const byIdentity = this.process === undefined && typeof attributes === 'object';
    const identity = this.identity;
    // Reused objects (while that pays, see IdentityCache.score): a remembered one, if it
    // still has its snapshot's set; before anything is hashed.
    if (identity.score > 0 && byIdentity) {
      const snapshot = identity.get(attributes);
      if (snapshot !== undefined && (snapshot.unchangeable || verify(snapshot, attributes, this.keepKey))) {
        identity.hit();
        return snapshot.series as A;
      }
      identity.miss();
    }
    let shape = this.shapes.current;
    let flags = shape.scan(attributes, this.keepKey, shape.alternate);
    // The previous input of this shape, with the same primitive values: its series.
    if (flags === 0 && shape.series !== undefined) return shape.series;
    if (flags === MISMATCH) {
      flags = this.shapes.rescan(attributes, this.keepKey);
      if (flags === MISMATCH) return this.miss(attributes); // a getter changed the keys while read
      shape = this.shapes.current;
      if (flags === 0 && shape.series !== undefined) return shape.series;
    } else if ((flags & ALTERNATE) !== 0) {
      // Read into the alternate shape (the other key order); `current` stays, so that two
      // orders alternating write nothing here.
      shape = shape.alternate!;
      flags ^= ALTERNATE;
      if (flags === 0 && shape.series !== undefined) return shape.series;
    }
    // Find the series whose set equals the input scanned into `shape`: the series the same
    // object was found in last time (if the cache was not asked above), else the hash
    // candidates; in both cases only when its stored set equals the input (the identity and
    // the hash only nominate).
    let found: A | undefined = undefined;
    if (byIdentity && identity.score <= 0 && identity.probes()) {
      const snapshot = identity.get(attributes);
      if (snapshot !== undefined && snapshot.keys === shape.keys && shape.sameAsSnapshot(snapshot)) {
        identity.hit();
        found = snapshot.series as A;
      } else identity.probeMissed();
    }
    if (found === undefined) {
      found = this.index.find(shape.indexKey(), shape);
      if (found !== undefined && byIdentity) this.remember(attributes, shape, found, flags);
    }
    const series = found ?? this.miss(attributes);
    // Remembered only if the input as read equals the set the miss path made of it (so not
    // an input with invalid values, nor one whose getters answered differently the second
    // time); or, for the overflow series, if the input as read is a valid set that find()
    // did not find: then it is not in the table, and cannot enter it before the table
    // next forgets series (forgetIdle; it only grows until then), which clears the cache.
    if (found === undefined && byIdentity) {
      const overflow = series === this.overflowSeries;
      if (overflow ? shape.isValidSet() : shape.matches(series.attributes)) this.remember(attributes, shape, series, flags);
    }
    shape.series = (flags & HOLDS_OBJECT) === 0 ? series : undefined;
    return series;
  }

  /** Series in the table (the overflow series aside). */
  get size(): number {
    return this.index.size;
  }

  /** The series of `attributes`, pinned for a bound handle (see PinnedSeries). */
  pin(attributes: Attributes | undefined, moveTo: (series: A) => void): PinnedSeries<A> {
    const series = this.lookup(attributes);
    this.addPin(series);
    const pinned: PinnedSeries<A> = { series, parked: false };
    if (series === this.overflowSeries) {
      pinned.parked = true;
      const copy = attributes == null ? EMPTY_ATTRIBUTES : sanitizeAttributes(attributes, undefined).attributes;
      (this.parkedPins ??= []).push({ pinned, attributes: copy, moveTo });
    }
    return pinned;
  }

  /** Takes one pin of `series` for a bound handle. */
  private addPin(series: A): void {
    if (this.carried > 0) (this.heldThisInterval ??= new Set()).add(series);
    const pins = (this.pins ??= new Map());
    pins.set(series, (pins.get(series) ?? 0) + 1);
  }

  /** Releases one pin of `series` (its handle was unbound or moved). */
  unpin(series: A): void {
    const pins = this.pins;
    const count = pins?.get(series);
    if (pins === undefined || count === undefined) return;
    if (count > 1) pins.set(series, count - 1);
    else pins.delete(series);
  }

  /** Calls `fn` for every series, overflow last. */
  forEach(fn: (series: A) => void): void {
    this.index.forEach(fn);
    if (this.overflowSeries !== undefined) fn(this.overflowSeries);
  }

  /**
   * Delta temporality, before a collection reads the series: forgets every series nothing
   * was recorded on since the previous collection and no bound handle holds. A series in
   * use stays, emptied by the collection, with its stored set, its index entry and the
   * lookup caches that lead to it: the next interval finds it again without copying its
   * set (a delta stream used to recreate every series every interval). Memory stays bounded
   * by what one interval records, and by the cardinality limit (see makeRoom).
   */
  forgetIdle(): void {
    this.carried = 0;
    this.heldThisInterval = undefined;
    this.removeSeries((series) => !series.updated && !this.isPinned(series), true);
  }

  /**
   * Delta temporality, after a collection emptied every series: the unpinned ones are now
   * carried into the new interval, where they count against the limit only until a new set
   * needs their room (makeRoom). The handles parked on the overflow series get their own
   * series where there is room, and the overflow series starts again with the interval.
   */
  endInterval(): void {
    this.carried = this.index.size;
    this.heldThisInterval = this.pins !== undefined && this.pins.size > 0 ? new Set(this.pins.keys()) : undefined;
    if (this.overflowSeries !== undefined) {
      // The caches may send sets to the overflow series of the interval that ended; in the
      // new one (and for the parked handles below) they may get a series of their own.
      // Rare: only after an overflow.
      this.shapes.forgetSeries();
      this.identity.clear();
      this.empty = undefined;
    }
    this.unparkPins();
    if (this.overflowSeries !== undefined && this.pins?.has(this.overflowSeries) !== true) this.overflowSeries = undefined;
  }

  /**
   * At the limit, before a new set goes to the overflow series (delta): the carried series
   * this interval has not recorded on go, so that the limit counts what this interval
   * recorded (and what handles held when it began), as if it had started empty. At most
   * once per interval.
   */
  private makeRoom(): void {
    const idle = new Set<A>();
    const held = this.heldThisInterval;
    this.index.forEachOfFirst(this.carried, (series) => {
      if (!series.updated && !this.isPinned(series) && held?.has(series) !== true) idle.add(series);
    });
    this.carried = 0;
    this.heldThisInterval = undefined;
    if (idle.size > 0) this.removeSeries((series) => idle.has(series), true);
  }

  private isPinned(series: A): boolean {
    const pins = this.pins;
    return pins !== undefined && pins.size > 0 && pins.has(series);
  }

  /**
   * Removes the series `drop` selects, and the lookup caches that may lead to them; the
   * caches stay when none went, so that a stream finding the same sets every collection
   * keeps them. `reuse`: the removed accumulations are empty (delta) and kept for new series.
   */
  private removeSeries(drop: (series: A) => boolean, reuse: boolean): void {
    const limit = this.limit;
    const before = this.index.size;
    this.index.retain((series) => {
      if (!drop(series)) return true;
      if (reuse) {
        const spare = (this.spare ??= []);
        if (spare.length < limit) spare.push(series);
      }
      return false;
    });
    if (this.index.size === before) return;
    this.shapes.forgetSeries();
    this.identity.clear();
    this.empty = undefined;
  }

  /**
   * Keeps only the series for which `keep` is true (asynchronous streams, after a
   * collection; they have no bound handles and no overflow series in the table).
   */
  retain(keep: (series: A) => boolean): void {
    this.removeSeries((series) => !keep(series), false);
  }

  /**
   * Moves the handles parked on the overflow series to their own series where the emptied
   * table now has room (oldest binding first), so that a handle bound at the limit does
   * not report into the overflow series for its whole life.
   */
  private unparkPins(): void {
    const waiting = this.parkedPins;
    if (waiting === undefined || waiting.length === 0) return;
    this.parkedPins = undefined;
    for (const parked of waiting) {
      const pinned = parked.pinned;
      if (!pinned.parked) continue; // unbound meanwhile
      let series: A;
      try {
        series = this.lookup(parked.attributes);
      } catch {
        series = pinned.series; // the processor threw: stay where it is
      }
      if (series === pinned.series) {
        (this.parkedPins ??= []).push(parked);
        continue;
      }
      this.addPin(series);
      this.unpin(pinned.series);
      pinned.series = series;
      pinned.parked = false;
      parked.moveTo(series);
    }
  }

  /**
   * Offers the identity cache the input just scanned into `shape` (scan() gave `flags`),
   * known to equal `series`' set. Not while the table holds one series and the input no
   * array: the shape's previous-call check serves every call then, and the cache would only
   * keep a snapshot and the caller's object alive for each such instrument.
   */
  private remember(attributes: Attributes, shape: KeyShape<A>, series: A, flags: number): void {
    if (this.index.size < 2 && (flags & HOLDS_OBJECT) === 0) return;
    if (this.identity.admits()) this.identity.set(attributes, shape.snapshot(series, series.attributes));
  }

  /** Slow path: validate and copy the set, then find it by value or create its series. */
  private miss(attributes: Attributes): A {
    const sanitized = sanitizeAttributes(attributes, this.keepKey);
    if (sanitized.invalidKeys.length > 0 && this.reports !== undefined) {
      this.reports.invalidAttributes(describeInvalidKeys(sanitized.invalidKeys));
    }
    // The copy may differ from the input (dropped keys, array copies): look it up by value.
    // Not through find(): its caller on the hot path then sees one kind of candidate test.
    const index = this.index;
    const hash = storedIndexKey(sanitized.attributes);
    for (let slot = index.start(hash); ; slot = index.next(slot)) {
      const series = index.seriesAt(slot);
      if (series === undefined) break;
      if (index.hashMatches(slot, hash) && sameAttributes(series.attributes, sanitized.attributes)) return series;
    }
    // The limit counts the sets of this interval (delta): the series kept from the previous
    // interval and not recorded on since make room first. Once per interval at most.
    if (index.size >= this.limit && this.carried > 0) this.makeRoom();
    if (index.size >= this.limit) return this.overflowSeries ?? this.createOverflow();
    const series = (this.spare?.pop() ?? this.factory.createAccumulation()).identify(freezeStoredSet(sanitized.attributes));
    index.insert(hash, series);
    // The specification asks for the overflow aggregator to exist before the limit is reached.
    if (index.size >= this.limit && this.overflowSeries === undefined) this.createOverflow();
    return series;
  }

  private createOverflow(): A {
    return (this.overflowSeries = this.factory.createAccumulation().identify(OVERFLOW_ATTRIBUTES));
  }
}

/** The index key of a series (SeriesIndex's `hashOf`: one function for every table, not a closure each). */
function indexKeyOfSeries(series: Accumulation): number {
  return storedIndexKey(series.attributes);
}

/** The index key of a stored (sanitized) set: its hash and its key count (indexKey). */
function storedIndexKey(attributes: Attributes): number {
  return indexKey(hashAttributes(attributes, undefined), Object.keys(attributes).length);
}
