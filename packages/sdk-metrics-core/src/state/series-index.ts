// An open-addressing hash table of series keyed by attribute hash: two flat arrays (the
// hashes in an Int32Array, the series in a plain array) instead of a Map, which costs a
// fraction of the memory per entry. Linear probing, at most 80 % full (the attribute hash
// spreads well, so probe sequences stay short). Removal is
// done in bulk by rebuilding (delta collections), so there are no tombstones.
import type { Accumulation } from '../aggregators/aggregator';

const MIN_CAPACITY = 8;

function emptySlots<A extends Accumulation>(capacity: number): (A | undefined)[] {
  const slots: (A | undefined)[] = [];
  for (let i = 0; i < capacity; i++) slots.push(undefined);
  return slots;
}

export class SeriesIndex<A extends Accumulation> {
  private hashes = new Int32Array(MIN_CAPACITY);
  private slots = emptySlots<A>(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** First slot to probe for `hash`; follow with next() while slotAt() is defined. */
  start(hash: number): number {
    return hash & this.mask;
  }
  next(slot: number): number {
    return (slot + 1) & this.mask;
  }
  seriesAt(slot: number): A | undefined {
    return this.slots[slot];
  }
  hashAt(slot: number): number {
    return this.hashes[slot];
  }

  insert(hash: number, series: A): void {
    if ((this.count + 1) * 5 > this.slots.length * 4) this.grow();
    this.place(hash, series);
    this.count++;
  }

  forEach(fn: (series: A) => void): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const series = slots[i];
      if (series !== undefined) fn(series);
    }
  }

  /**
   * Keeps only the series for which `keep` is true (called once per series), shrinking the
   * table to fit them.
   */
  retain(keep: (series: A) => boolean): void {
    const kept: Array<[number, A]> = [];
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const series = slots[i];
      if (series !== undefined && keep(series)) kept.push([this.hashes[i], series]);
    }
    let capacity = MIN_CAPACITY;
    while (kept.length * 5 > capacity * 4) capacity *= 2;
    this.reset(capacity);
    for (const [hash, series] of kept) this.place(hash, series);
    this.count = kept.length;
  }

  private place(hash: number, series: A): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.slots[slot] = series;
    this.hashes[slot] = hash;
  }

  private reset(capacity: number): void {
    this.slots = emptySlots(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Doubles the capacity, re-placing every series. */
  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.reset(oldSlots.length * 2);
    for (let i = 0; i < oldSlots.length; i++) {
      const series = oldSlots[i];
      if (series !== undefined) this.place(oldHashes[i], series);
    }
  }
}
