// An open-addressing hash table of series keyed by attribute hash: flat typed arrays (the
// hashes and, per slot, the position of its series in a dense array kept in creation
// order) instead of a Map, which costs a fraction of the memory per entry. Linear
// probing, at most 80 % full (the attribute hash spreads well, so probe sequences stay
// short). Removal is done in bulk by rebuilding (delta collections), so there are no
// tombstones. Iteration follows the dense array: series come out in the order they were
// created, as the official SDK's do, whatever their hashes.
import type { Accumulation } from '../aggregators/aggregator';

const MIN_CAPACITY = 8;

export class SeriesIndex<A extends Accumulation> {
  private hashes = new Int32Array(MIN_CAPACITY);
  /** Per slot: 1 + the position of its series in `series`; 0 marks an empty slot. */
  private positions = new Int32Array(MIN_CAPACITY);
  /** Every series, in creation order. Invariant: each one is referenced by exactly one slot. */
  private series: A[] = [];
  /** The hash of each entry of `series` (same positions), for rebuilding without probing. */
  private seriesHashes: number[] = [];
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
    this.seriesHashes.push(hash);
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
    const allHashes = this.seriesHashes;
    const kept: A[] = [];
    const keptHashes: number[] = [];
    for (let i = 0; i < all.length; i++) {
      if (!keep(all[i])) continue;
      kept.push(all[i]);
      keptHashes.push(allHashes[i]);
    }
    let capacity = MIN_CAPACITY;
    while (kept.length * 5 > capacity * 4) capacity *= 2;
    this.reset(capacity);
    this.series = kept;
    this.seriesHashes = keptHashes;
    for (let i = 0; i < kept.length; i++) this.place(keptHashes[i], i + 1);
  }

  private place(hash: number, position: number): void {
    let slot = hash & this.mask;
    while (this.positions[slot] !== 0) slot = (slot + 1) & this.mask;
    this.positions[slot] = position;
    this.hashes[slot] = hash;
  }

  private reset(capacity: number): void {
    this.positions = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Doubles the capacity, re-placing every series. */
  private grow(): void {
    this.reset(this.positions.length * 2);
    const hashes = this.seriesHashes;
    for (let i = 0; i < hashes.length; i++) this.place(hashes[i], i + 1);
  }
}
