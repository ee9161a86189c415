// An open-addressing hash table of series keyed by attribute hash: one flat Int32Array of
// slots (per slot, the position of its series in a dense array kept in creation order,
// and the hash bits the slot number does not already give) instead of a Map, which costs
// a fraction of the memory per entry. Linear probing, at most 80 % full (the attribute
// hash spreads well, so probe sequences stay short). Removal is done in bulk by rebuilding
// (delta collections), so there are no tombstones. Iteration follows the dense array:
// series come out in the order they were created, as the official SDK's do, whatever
// their hashes. Memory per series: one Int32Array slot at 40-80 % load (5-10 bytes) and
// one dense-array pointer. The full hashes are not kept: growing and rebuilding compute
// them again from the stored sets (`hashOf`), which is rare (amortised: about two hashes
// per series created) and saves 4 bytes per slot.
import type { Attributes } from '@opentelemetry/api';
import type { Accumulation } from '../aggregators/aggregator';

/** What find() asks of a candidate series whose hash bits match: does its stored set equal the input? */
export interface CandidateTest {
  matchesCandidate(stored: Attributes): boolean;
}

const MIN_CAPACITY = 8;

export class SeriesIndex<A extends Accumulation> {
  /**
   * Per slot: 0 when empty; else `(hash & ~mask) | (1 + position of its series in
   * `series`)`. Invariant: series.length < capacity (the table is at most 80 % full), so
   * the position fits in the bits under `mask` and an occupied slot is never 0.
   */
  private slots = new Int32Array(MIN_CAPACITY);
  /** Every series, in creation order. Invariant: each one is referenced by exactly one slot. */
  private series: A[] = [];
  private mask = MIN_CAPACITY - 1;

  /** `hashOf(series)` must give the hash the series was inserted with. */
  constructor(private readonly hashOf: (series: A) => number) {}

  get size(): number {
    return this.series.length;
  }

  /**
   * The first series on `hash`'s probe sequence whose hash bits match and whose stored set
   * `test` accepts (the recording hot path: the lookup's hash step). One method rather than
   * start/seriesAt/hashMatches/next calls in the caller, so that the probe loop compiles as
   * one unit with its small steps inlined, whatever V8 decided for the caller: when the
   * lookup was optimised while reused objects made its hash path rare, its calls to those
   * steps stayed calls, and a fresh literal over 1,000 sets cost about 20 % more (bench:
   * `many.counter.fresh-literal` after the reused-object rows, against it alone).
   */
  find(hash: number, test: CandidateTest): A | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const word = slots[slot];
      if (word === 0) return undefined;
      if (((word ^ hash) & ~mask) === 0) {
        const candidate = this.series[(word & mask) - 1];
        if (test.matchesCandidate(candidate.attributes)) return candidate;
      }
    }
  }

  /** First slot to probe for `hash`; follow with next() while seriesAt() is defined. */
  start(hash: number): number {
    return hash & this.mask;
  }
  next(slot: number): number {
    return (slot + 1) & this.mask;
  }
  seriesAt(slot: number): A | undefined {
    const word = this.slots[slot];
    return word === 0 ? undefined : this.series[(word & this.mask) - 1];
  }
  /**
   * Whether the series at `slot` (occupied, reached by probing from start(hash)) may have
   * hash `hash`: its bits above the mask are compared (the bits under it chose the probe
   * sequence). A filter only: the caller compares the sets.
   */
  hashMatches(slot: number, hash: number): boolean {
    return ((this.slots[slot] ^ hash) & ~this.mask) === 0;
  }

  insert(hash: number, series: A): void {
    if ((this.series.length + 1) * 5 > this.slots.length * 4) this.grow();
    // The first series gets an array of one (a table of one series is common: an instrument
    // recorded without attributes); push would leave room for 16 more.
    if (this.series.length === 0) this.series = [series];
    else this.series.push(series);
    this.place(hash, this.series.length);
  }

  /** Calls `fn` for the first `count` series in creation order (those that were there when size was `count`, if none was removed since). */
  forEachOfFirst(count: number, fn: (series: A) => void): void {
    const all = this.series;
    const n = Math.min(count, all.length);
    for (let i = 0; i < n; i++) fn(all[i]);
  }

  /** Calls `fn` for every series, in creation order. */
  forEach(fn: (series: A) => void): void {
    const all = this.series;
    for (let i = 0; i < all.length; i++) fn(all[i]);
  }

  /**
   * Keeps only the series for which `keep` is true (called once per series, in creation
   * order, which the kept ones keep), shrinking the table to fit them.
   */
  retain(keep: (series: A) => boolean): void {
    const all = this.series;
    let first = 0;
    while (first < all.length && keep(all[first])) first++;
    if (first === all.length) return; // nothing dropped: every slot is still right
    const kept: A[] = all.slice(0, first);
    for (let i = first + 1; i < all.length; i++) if (keep(all[i])) kept.push(all[i]);
    let capacity = MIN_CAPACITY;
    while (kept.length * 5 > capacity * 4) capacity *= 2;
    this.series = kept;
    this.rebuild(capacity);
  }

  private place(hash: number, position: number): void {
    const mask = this.mask;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = (hash & ~mask) | position;
  }

  /** Re-places every series of `series` in a table of `capacity` slots. */
  private rebuild(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    const all = this.series;
    for (let i = 0; i < all.length; i++) this.place(this.hashOf(all[i]), i + 1);
  }

  /** Doubles the capacity, re-placing every series. */
  private grow(): void {
    this.rebuild(this.slots.length * 2);
  }
}
