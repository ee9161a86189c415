// The bucket counts of one range (positive or negative) of an exponential histogram: a
// window [start, end] of consecutive bucket indices kept in a typed array used as a circular
// buffer, so the window can grow at either end without moving counts. The array is replaced
// by a larger one (doubling, never beyond maxSize) when the window needs more room.
//
// Why 32-bit counts: with many series, a record's bucket is almost never in the CPU cache
// (each series' buckets are visited in turn, and a series spreads its values over up to
// maxSize buckets); half the bytes per bucket is half the memory those records miss in.
// Packed JS arrays hold 8 bytes per element on 64-bit Node (no pointer compression). A
// count that would pass 2**32 - 1 moves the range to a Float64Array (exact to 2**53), once.
//
// The window bounds are fields of the holder, not of the array: the accumulation holds its
// positive range's fields itself (accumulation.ts), so that a record finds the bucket from
// the accumulation in one step; a `Buckets` object holds a negative range.
//
// Invariants: slots outside the window are zero (so the window extends by moving its bounds
// only); end < start means empty; NO_COUNTS (capacity 0) is shared and never written (every
// writing function returns early on an empty window or replaces the array first).

/** The fields of one range: its counts and its window (see above). */
export interface BucketWindow {
  /** Circular count slots; replaced when the window needs more room or a count passes 2**32 - 1. */
  counts: Uint32Array | Float64Array;
  /** Lowest bucket index of the window. */
  start: number;
  /** Highest bucket index of the window (below start when empty). */
  end: number;
  /** Slot of the bucket `start`. */
  head: number;
}

/** The counts of a range that never held a bucket. Shared, never written. */
export const NO_COUNTS = new Uint32Array(0);

/** Capacity of the first allocation: enough for most narrow distributions without regrowing. */
const INITIAL_CAPACITY = 16;
/** Largest count a Uint32Array slot holds. */
const MAX_UINT32 = 0xffffffff;

/** A range on its own (the negative range of an accumulation). */
export class Buckets implements BucketWindow {
  counts: Uint32Array | Float64Array = NO_COUNTS;
  start = 0;
  end = -1;
  head = 0;
}

export function isEmpty(w: BucketWindow): boolean {
  return w.end < w.start;
}

/** Number of buckets in the window (0 when empty). */
export function windowLength(w: BucketWindow): number {
  return w.end < w.start ? 0 : w.end - w.start + 1;
}

/** Allocated count slots. */
export function capacity(w: BucketWindow): number {
  return w.counts.length;
}

/** Slot of bucket `index`, which lies in the window. */
function slot(w: BucketWindow, index: number): number {
  const p = w.head + (index - w.start);
  const cap = w.counts.length;
  return p >= cap ? p - cap : p;
}

/** Count of bucket `index` (0 outside the window). */
export function countAt(w: BucketWindow, index: number): number {
  if (isEmpty(w) || index < w.start || index > w.end) return 0;
  return w.counts[slot(w, index)];
}

/**
 * Hot path: adds 1 to bucket `index` if it lies inside the window (never when empty: then
 * end < start) and says whether it did. Small, so that V8 inlines it.
 */
export function tryIncrement(w: BucketWindow, index: number): boolean {
  const start = w.start;
  if (index < start || index > w.end) return false;
  const counts = w.counts;
  let p = w.head + (index - start);
  if (p >= counts.length) p -= counts.length;
  const count = counts[p] + 1;
  counts[p] = count;
  if (count > MAX_UINT32) widen(w, p, count);
  return true;
}

/**
 * Adds `increment` to bucket `index`, extending the window to include it. The caller
 * guarantees (by downscaling first) that the extended window spans at most maxSize buckets.
 */
export function addCount(w: BucketWindow, index: number, increment: number, maxSize: number): void {
  if (isEmpty(w)) {
    ensureCapacity(w, 1, maxSize);
    w.start = index;
    w.end = index;
    w.head = 0;
  } else if (index < w.start) {
    ensureCapacity(w, w.end - index + 1, maxSize);
    const cap = w.counts.length;
    w.head = (((w.head - (w.start - index)) % cap) + cap) % cap;
    w.start = index;
  } else if (index > w.end) {
    ensureCapacity(w, index - w.start + 1, maxSize);
    w.end = index;
  }
  const p = slot(w, index);
  const count = w.counts[p] + increment;
  w.counts[p] = count;
  if (count > MAX_UINT32) widen(w, p, count);
}

/** Empties the window in place, keeping the allocated slots. */
export function clearWindow(w: BucketWindow): void {
  if (isEmpty(w)) return; // also keeps NO_COUNTS unwritten
  const len = windowLength(w);
  const counts = w.counts;
  const cap = counts.length;
  for (let i = 0, p = w.head; i < len; i++, p = p + 1 === cap ? 0 : p + 1) counts[p] = 0;
  w.head = 0;
  w.start = 0;
  w.end = -1;
}

/**
 * Merges buckets for a scale `by` steps lower: bucket i goes to i >> by (perfect
 * subsetting: each new bucket is the union of 2**by old ones). In place: a Uint32Array
 * whose merged counts would not fit moves to a Float64Array first.
 */
export function downscaleWindow(w: BucketWindow, by: number): void {
  if (by <= 0 || isEmpty(w)) return;
  linearize(w);
  const oldStart = w.start;
  const newStart = oldStart >> by;
  const len = w.end - oldStart + 1;
  if (w.counts instanceof Uint32Array && mergedMax(w.counts, len, oldStart, by, newStart) > MAX_UINT32) {
    w.counts = Float64Array.from(w.counts);
  }
  const counts = w.counts;
  // Target slots never exceed source slots, so a forward pass is safe in place.
  for (let p = 0; p < len; p++) {
    const count = counts[p];
    if (count === 0) continue;
    counts[p] = 0;
    counts[((oldStart + p) >> by) - newStart] += count;
  }
  w.start = newStart;
  w.end = w.end >> by;
}

/** Makes `into`'s window an independent copy of `from`'s (same maxSize assumed). */
export function copyWindow(into: BucketWindow, from: BucketWindow, maxSize: number): void {
  clearWindow(into);
  if (isEmpty(from)) return;
  const len = windowLength(from);
  if (from.counts instanceof Float64Array && !(into.counts instanceof Float64Array)) into.counts = new Float64Array(into.counts.length);
  ensureCapacity(into, len, maxSize);
  for (let i = 0; i < len; i++) into.counts[i] = from.counts[slot(from, from.start + i)];
  into.head = 0;
  into.start = from.start;
  into.end = from.end;
}

/** The counts of the window, lowest index first (allocates; collection time only). */
export function windowCounts(w: BucketWindow): number[] {
  const len = windowLength(w);
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) out[i] = w.counts[slot(w, w.start + i)];
  return out;
}

/** Replaces a Uint32Array that could not hold `count` at slot `p` (it kept count mod 2**32). */
function widen(w: BucketWindow, p: number, count: number): void {
  if (w.counts instanceof Uint32Array) w.counts = Float64Array.from(w.counts);
  w.counts[p] = count;
}

/** The largest count downscaling by `by` would make (linearized window of `len` buckets). */
function mergedMax(counts: Uint32Array, len: number, oldStart: number, by: number, newStart: number): number {
  let max = 0;
  let sum = 0;
  let target = -1;
  for (let p = 0; p < len; p++) {
    const t = ((oldStart + p) >> by) - newStart;
    if (t !== target) {
      target = t;
      sum = 0;
    }
    sum += counts[p];
    if (sum > max) max = sum;
  }
  return max;
}

/** Grows the array to hold at least `needed` buckets (doubling, capped at maxSize). */
function ensureCapacity(w: BucketWindow, needed: number, maxSize: number): void {
  const old = w.counts;
  if (needed <= old.length) return;
  if (needed > maxSize) {
    // The accumulation downscales before this can happen; guard against silent corruption.
    throw new RangeError(`exponential histogram window of ${needed} buckets exceeds maxSize ${maxSize}`);
  }
  const grown = Math.min(maxSize, old.length === 0 ? Math.max(needed, INITIAL_CAPACITY) : Math.max(needed, old.length * 2));
  const next = old instanceof Float64Array ? new Float64Array(grown) : new Uint32Array(grown);
  const len = windowLength(w);
  for (let i = 0; i < len; i++) next[i] = old[slot(w, w.start + i)];
  w.counts = next;
  w.head = 0;
}

/** Rotates the slots in place so that the window starts at slot 0. */
function linearize(w: BucketWindow): void {
  const head = w.head;
  if (head === 0) return;
  const a = w.counts;
  const n = a.length;
  // Rotation by three reversals: no extra memory.
  reverse(a, 0, n - 1);
  reverse(a, 0, n - head - 1);
  reverse(a, n - head, n - 1);
  w.head = 0;
}

function reverse(a: Uint32Array | Float64Array, from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
