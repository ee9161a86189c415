// The bucket counts of one range (positive or negative) of an exponential histogram, in ONE
// packed array of doubles: a header, then the count slots. The window [start, end] of
// consecutive bucket indices lives in the count slots as a circular buffer, so it can grow
// at either end without moving counts; the array is replaced by a larger one (doubling,
// never beyond maxSize slots) when the window needs more room.
//
// Why one array and not an object holding an array: recording into a series whose state is
// cold in the CPU cache costs one cache miss per object it walks through, one after the
// other. With the window bounds in the array's header (and the series' count, sum, min and
// max in the same header: see accumulation.ts), a record walks accumulation -> array object
// -> its elements, and finds the window, the summary and the bucket there. Doubles, not
// small integers: the element kind must hold sum, min and max unboxed, and one element kind
// keeps every access site monomorphic. Arrays are allocated at their exact size (a pushed
// array keeps up to 50% spare capacity).
//
// Invariants: slots outside the window are zero (so the window extends by moving its bounds
// only); end < start means empty; NO_BUCKETS (capacity 0) is shared and never written: every
// writing function either returns early on an empty range or grows it into a new array first.

/** A range: header slots, then the circular count slots. */
export type BucketRange = number[];

/** Header: lowest bucket index of the window. */
const START = 0;
/** Header: highest bucket index of the window (below START when empty). */
const END = 1;
/** Header: count slot (relative to FIRST_SLOT) of the bucket START. */
const HEAD = 2;
/**
 * Header slots of the accumulation's summary (accumulation.ts keeps its count, sum, min and
 * max in its positive range, the array every record touches; unused in negative ranges).
 */
export const COUNT = 3;
export const SUM = 4;
export const MIN = 5;
export const MAX = 6;
/** Position of the first count slot. */
const FIRST_SLOT = 7;

/** Capacity of the first allocation: enough for most narrow distributions without regrowing. */
const INITIAL_CAPACITY = 16;

/** A new empty range with `capacity` count slots and an empty summary. */
export function newRange(capacity: number): BucketRange {
  const range = new Array<number>(FIRST_SLOT + capacity);
  // A double first, so that the array is a double array before it holds anything else.
  range[MIN] = Infinity;
  range[MAX] = -Infinity;
  range[START] = 0;
  range[END] = -1;
  range[HEAD] = 0;
  range[COUNT] = 0;
  range[SUM] = 0;
  for (let i = FIRST_SLOT; i < range.length; i++) range[i] = 0;
  return range;
}

/** The empty range of capacity 0 that every accumulation's negative range starts as. Never written. */
export const NO_BUCKETS: BucketRange = newRange(0);

export function isEmpty(range: BucketRange): boolean {
  return range[END] < range[START];
}

/** Lowest bucket index held (meaningless when empty). */
export function startIndex(range: BucketRange): number {
  return range[START];
}

/** Highest bucket index held (meaningless when empty). */
export function endIndex(range: BucketRange): number {
  return range[END];
}

/** Number of buckets in the window (0 when empty). */
export function windowLength(range: BucketRange): number {
  return isEmpty(range) ? 0 : range[END] - range[START] + 1;
}

/** Allocated count slots. */
export function capacity(range: BucketRange): number {
  return range.length - FIRST_SLOT;
}

/** Position in `range` of bucket `index`, which lies in the window. */
function slot(range: BucketRange, index: number): number {
  const p = range[HEAD] + (index - range[START]);
  const cap = range.length - FIRST_SLOT;
  return FIRST_SLOT + (p >= cap ? p - cap : p);
}

/** Count of bucket `index` (0 outside the window). */
export function countAt(range: BucketRange, index: number): number {
  if (isEmpty(range) || index < range[START] || index > range[END]) return 0;
  return range[slot(range, index)];
}

/**
 * Hot path: adds 1 to bucket `index` if it lies inside the window (never when empty: then
 * end < start) and says whether it did. Small, so that V8 inlines it.
 */
export function tryIncrement(range: BucketRange, index: number): boolean {
  const start = range[START];
  if (index < start || index > range[END]) return false;
  const cap = range.length - FIRST_SLOT;
  const p = range[HEAD] + (index - start);
  range[FIRST_SLOT + (p >= cap ? p - cap : p)]++;
  return true;
}

/**
 * Adds `increment` to bucket `index`, extending the window to include it, and returns the
 * range: `range` itself, or a larger copy (header included) when it had no room. The caller
 * guarantees (by downscaling first) that the extended window spans at most maxSize buckets.
 */
export function addCount(range: BucketRange, index: number, increment: number, maxSize: number): BucketRange {
  if (isEmpty(range)) {
    range = withCapacity(range, 1, maxSize);
    range[START] = index;
    range[END] = index;
    range[HEAD] = 0;
  } else if (index < range[START]) {
    range = withCapacity(range, range[END] - index + 1, maxSize);
    const cap = range.length - FIRST_SLOT;
    range[HEAD] = (((range[HEAD] - (range[START] - index)) % cap) + cap) % cap;
    range[START] = index;
  } else if (index > range[END]) {
    range = withCapacity(range, index - range[START] + 1, maxSize);
    range[END] = index;
  }
  range[slot(range, index)] += increment;
  return range;
}

/** Empties the window in place, keeping the allocated slots (and the header's summary). */
export function clearWindow(range: BucketRange): void {
  if (isEmpty(range)) return; // also keeps NO_BUCKETS unwritten
  const len = windowLength(range);
  const cap = range.length - FIRST_SLOT;
  for (let i = 0, p = range[HEAD]; i < len; i++, p = p + 1 === cap ? 0 : p + 1) range[FIRST_SLOT + p] = 0;
  range[HEAD] = 0;
  range[START] = 0;
  range[END] = -1;
}

/**
 * Merges buckets for a scale `by` steps lower: bucket i goes to i >> by (perfect
 * subsetting: each new bucket is the union of 2**by old ones). In place, no allocation.
 */
export function downscaleRange(range: BucketRange, by: number): void {
  if (by <= 0 || isEmpty(range)) return;
  linearize(range);
  const oldStart = range[START];
  const newStart = oldStart >> by;
  const len = range[END] - oldStart + 1;
  // Target positions never exceed source positions, so a forward pass is safe in place.
  for (let p = 0; p < len; p++) {
    const count = range[FIRST_SLOT + p];
    if (count === 0) continue;
    range[FIRST_SLOT + p] = 0;
    range[FIRST_SLOT + ((oldStart + p) >> by) - newStart] += count;
  }
  range[START] = newStart;
  range[END] = range[END] >> by;
}

/**
 * Makes `into`'s window a copy of `from`'s (same maxSize assumed) and returns the range:
 * `into` or a larger copy of its header. The header's summary slots are not copied.
 */
export function copyWindow(into: BucketRange, from: BucketRange, maxSize: number): BucketRange {
  clearWindow(into);
  if (isEmpty(from)) return into;
  const len = windowLength(from);
  into = withCapacity(into, len, maxSize);
  for (let i = 0; i < len; i++) into[FIRST_SLOT + i] = from[slot(from, from[START] + i)];
  into[HEAD] = 0;
  into[START] = from[START];
  into[END] = from[END];
  return into;
}

/** The counts of the window, lowest index first (allocates; collection time only). */
export function windowCounts(range: BucketRange): number[] {
  const len = windowLength(range);
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) out[i] = range[slot(range, range[START] + i)];
  return out;
}

/**
 * `range` if it has at least `needed` count slots, else a new array (doubling, capped at
 * maxSize) with the same header and the window moved to slot 0.
 */
function withCapacity(range: BucketRange, needed: number, maxSize: number): BucketRange {
  const cap = range.length - FIRST_SLOT;
  if (needed <= cap) return range;
  if (needed > maxSize) {
    // The accumulation downscales before this can happen; guard against silent corruption.
    throw new RangeError(`exponential histogram window of ${needed} buckets exceeds maxSize ${maxSize}`);
  }
  const grown = newRange(Math.min(maxSize, cap === 0 ? Math.max(needed, INITIAL_CAPACITY) : Math.max(needed, cap * 2)));
  for (let i = 0; i < FIRST_SLOT; i++) grown[i] = range[i];
  const len = windowLength(range);
  for (let i = 0; i < len; i++) grown[FIRST_SLOT + i] = range[slot(range, range[START] + i)];
  grown[HEAD] = 0;
  return grown;
}

/** Rotates the count slots in place so that the window starts at slot 0. */
function linearize(range: BucketRange): void {
  const head = range[HEAD];
  if (head === 0) return;
  const last = range.length - 1;
  // Rotation by three reversals: no extra memory.
  reverse(range, FIRST_SLOT, last);
  reverse(range, FIRST_SLOT, last - head);
  reverse(range, last - head + 1, last);
  range[HEAD] = 0;
}

function reverse(a: number[], from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
