// Remembers, per attributes object the application passed, the series it was last found
// in: applications often build one object per series and reuse it (a map of label sets,
// a module-level object per route), and looking the object up by identity skips hashing
// its values. The answer is only a candidate: the caller must compare the object's
// current keys and values with the series' stored set (objects are mutated between calls),
// exactly as it compares hash candidates.
// Memory: a WeakMap entry per object remembered, dropped when the object dies. Inserting
// costs more than a lookup, and objects used once (fresh literals) would only churn the
// map, so insertions are paid for by hits: each verified hit earns one insertion, and
// without credit only one offer in 64 is inserted (so reuse is still discovered).

/** Insertions allowed before any hit, and the most credit hits can accumulate. */
const INITIAL_CREDIT = 256;
const MAX_CREDIT = 1 << 16;
/** Without credit, one offer in this many (a power of two) is inserted. */
const SAMPLE_EVERY = 64;

/** Test seam: when true, every offer is inserted (so tests reach the cache on every path). */
export const identityCacheSeam = { alwaysInsert: false };

export class IdentityCache<S extends object> {
  private map = new WeakMap<object, S>();
  private credit = INITIAL_CREDIT;
  private offers = 0;

  /** The series `attributes` was last remembered with (unverified), if any. */
  get(attributes: object): S | undefined {
    return this.map.get(attributes);
  }

  /** The caller verified an answer of get(): reuse is happening, allow one more insertion. */
  hit(): void {
    if (this.credit < MAX_CREDIT) this.credit++;
  }

  /** Remembers `series` for `attributes` when insertions are paid for (see the header). */
  offer(attributes: object, series: S): void {
    if (this.credit > 0) this.credit--;
    else if ((++this.offers & (SAMPLE_EVERY - 1)) !== 0 && !identityCacheSeam.alwaysInsert) return;
    this.map.set(attributes, series);
  }

  /** Forgets every entry (the table forgot series that entries may point to). */
  clear(): void {
    this.map = new WeakMap();
  }
}
