// An open-addressing hash table of series keyed by attribute hash: flat typed arrays (the
// hashes and, per slot, the position of its series in a dense array kept in creation
// order) instead of a Map, which costs a fraction of the memory per entry. Linear
// probing, at most 80 % full (the attribute hash spreads well, so probe sequences stay
// short). Removal is done in bulk by rebuilding (delta collections), so there are no
// tombstones. Iteration follows the dense array: series come out in the order they were
// created, as the official SDK's do, whatever their hashes. Memory per series: two
// Int32Array slots at 40-80 % load (8-20 bytes) and one dense-array pointer; the hashes
// live only in the slots (growing and rebuilding read them from there).
import type { Accumulation } from '../aggregators/aggregator';

const MIN_CAPACITY = 8;

export class SeriesIndex<A extends Accumulation> {
  private hashes = new Int32Array(MIN_CAPACITY);
  /** Per slot: 1 + the position of its series in `series`; 0 marks an empty slot. */
  private positions = new Int32Array(MIN_CAPACITY);
  /** Every series, in creation order. Invariant: each one is referenced by exactly one slot. */
  private series: A[] = [];
  private mask = MIN_CAPACITY - 1;

  get size(): number {
    return this.series.length;
  }

  /** First slot to probe for `hash`; follow with next() while seriesAt() is defined. */
  start(hash: number): number {
    return hash & this.mask;
  }
  next(slot: number): number {
    return (slot + 1) & this.mask;
  }
  seriesAt(slot: number): A | undefined {
    const position = this.positions[slot];
    return position === 0 ? undefined : this.series[position - 1];
  }
  hashAt(slot: number): number {
    return this.hashes[slot];
  }

  insert(hash: number, series: A): void {
    if ((this.series.length + 1) * 5 > this.positions.length * 4) this.grow();
    this.series.push(series);
    this.place(hash, this.series.length);
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
    const kept: A[] = [];
    // Per old position (1-based), the new one, or 0 when its series is dropped.
    const moved = new Int32Array(all.length + 1);
    for (let i = 0; i < all.length; i++) {
      if (!keep(all[i])) continue;
      kept.push(all[i]);
      moved[i + 1] = kept.length;
    }
    let capacity = MIN_CAPACITY;
    while (kept.length * 5 > capacity * 4) capacity *= 2;
    this.rebuild(capacity, moved);
    this.series = kept;
  }

  private place(hash: number, position: number): void {
    let slot = hash & this.mask;
    while (this.positions[slot] !== 0) slot = (slot + 1) & this.mask;
    this.positions[slot] = position;
    this.hashes[slot] = hash;
  }

  /**
   * Re-places every occupied slot in a table of `capacity` slots, its position renumbered
   * through `moved` (old position -> new, 0: dropped) when given.
   */
  private rebuild(capacity: number, moved?: Int32Array): void {
    const oldPositions = this.positions;
    const oldHashes = this.hashes;
    this.positions = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let slot = 0; slot < oldPositions.length; slot++) {
      const position = oldPositions[slot];
      if (position === 0) continue;
      const to = moved === undefined ? position : moved[position];
      if (to !== 0) this.place(oldHashes[slot], to);
    }
  }

  /** Doubles the capacity, re-placing every series. */
  private grow(): void {
    this.rebuild(this.positions.length * 2);
  }
}
