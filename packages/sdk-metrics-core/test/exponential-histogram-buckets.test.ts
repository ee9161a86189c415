// The circular bucket ranges under the exponential histogram: extension at both ends,
// wrap-around, growth up to maxSize, in-place downscaling, copy and clear, and the shared
// empty range that is never written.
import {
  addCount,
  capacity,
  clearWindow,
  copyWindow,
  countAt,
  downscaleRange,
  endIndex,
  isEmpty,
  newRange,
  NO_BUCKETS,
  startIndex,
  windowCounts,
  windowLength,
  type BucketRange,
} from '../src/aggregators/exponential-histogram/bucket-range';

describe('bucket ranges', () => {
  it('extends downwards and upwards, wrapping around its slots', () => {
    let b = newRange(4);
    b = addCount(b, 10, 1, 8);
    b = addCount(b, 8, 2, 8); // extends below: wraps to the end of the slots
    b = addCount(b, 7, 3, 8);
    b = addCount(b, 10, 1, 8);
    expect([startIndex(b), endIndex(b), capacity(b)]).toEqual([7, 10, 4]);
    expect(windowCounts(b)).toEqual([3, 2, 0, 2]);
    expect(countAt(b, 6)).toBe(0);
    expect(countAt(b, 8)).toBe(2);
  });

  it('grows (doubling, capped at maxSize) into a new array and keeps the counts in order', () => {
    let b = newRange(2);
    b = addCount(b, 0, 1, 6);
    b = addCount(b, -1, 1, 6);
    const before = b;
    b = addCount(b, 2, 5, 6);
    expect(capacity(b)).toBe(4);
    expect(b).not.toBe(before);
    b = addCount(b, -3, 7, 6);
    expect(capacity(b)).toBe(6);
    expect(windowCounts(b)).toEqual([7, 0, 1, 1, 0, 5]);
    expect(() => addCount(b, 3, 1, 6)).toThrow(RangeError);
  });

  it('keeps its header (the summary slots) when it grows', () => {
    let b = newRange(1);
    b[3] = 42;
    b = addCount(b, 0, 1, 8);
    b = addCount(b, 5, 1, 8);
    expect(capacity(b)).toBeGreaterThanOrEqual(6);
    expect(b[3]).toBe(42);
  });

  it('downscales in place, also when the window wraps', () => {
    let b = newRange(8);
    for (let i = 0; i <= 5; i++) b = addCount(b, i, i + 1, 8);
    b = addCount(b, -2, 10, 8);
    b = addCount(b, -1, 20, 8); // window -2..5 wraps around the slots
    const same = b;
    downscaleRange(b, 1);
    expect(b).toBe(same);
    // -2,-1 → -1; 0,1 → 0; 2,3 → 1; 4,5 → 2
    expect([startIndex(b), endIndex(b)]).toEqual([-1, 2]);
    expect(windowCounts(b)).toEqual([30, 3, 7, 11]);
    downscaleRange(b, 2);
    expect([startIndex(b), endIndex(b)]).toEqual([-1, 0]);
    expect(windowCounts(b)).toEqual([30, 21]);
    // Freed slots are zero: extending again shows no stale counts.
    b = addCount(b, 5, 1, 8);
    expect(windowCounts(b)).toEqual([30, 21, 0, 0, 0, 0, 1]);
  });

  it('copies and clears', () => {
    let b = newRange(4);
    b = addCount(b, 3, 1, 8);
    b = addCount(b, 1, 2, 8);
    let c = addCount(newRange(1), 100, 9, 8);
    c = copyWindow(c, b, 8);
    expect([startIndex(c), windowCounts(c)]).toEqual([1, [2, 0, 1]]);
    clearWindow(b);
    expect([isEmpty(b), windowLength(b), windowCounts(b), capacity(b)]).toEqual([true, 0, [], 4]);
    expect(windowCounts(c)).toEqual([2, 0, 1]);
    b = addCount(b, -50, 4, 8);
    expect([startIndex(b), windowCounts(b)]).toEqual([-50, [4]]);
  });

  it('never writes the shared empty range: every change starts a new array', () => {
    const pristine = [...NO_BUCKETS];
    const ranges: BucketRange[] = [];
    clearWindow(NO_BUCKETS);
    downscaleRange(NO_BUCKETS, 3);
    ranges.push(copyWindow(NO_BUCKETS, NO_BUCKETS, 8));
    ranges.push(copyWindow(NO_BUCKETS, addCount(newRange(2), 4, 1, 8), 8));
    ranges.push(addCount(NO_BUCKETS, 4, 1, 8));
    expect([...NO_BUCKETS]).toEqual(pristine);
    expect(ranges.slice(1).every((r) => r !== NO_BUCKETS && windowLength(r) === 1)).toBe(true);
  });
});
