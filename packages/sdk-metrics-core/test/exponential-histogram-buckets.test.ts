// The circular bucket windows under the exponential histogram: extension at both ends,
// wrap-around, growth up to maxSize, in-place downscaling, copy and clear, counts past
// 2**32 - 1 (the move from 32-bit to 64-bit slots), and the shared empty array that is
// never written.
import {
  addCount,
  Buckets,
  capacity,
  clearWindow,
  copyWindow,
  countAt,
  downscaleWindow,
  isEmpty,
  NO_COUNTS,
  tryIncrement,
  windowCounts,
  windowLength,
} from '../src/aggregators/exponential-histogram/bucket-window';

function window(initialCapacity: number): Buckets {
  const b = new Buckets();
  b.counts = new Uint32Array(initialCapacity);
  return b;
}

describe('bucket windows', () => {
  it('extends downwards and upwards, wrapping around its slots', () => {
    const b = window(4);
    addCount(b, 10, 1, 8);
    addCount(b, 8, 2, 8); // extends below: wraps to the end of the slots
    addCount(b, 7, 3, 8);
    addCount(b, 10, 1, 8);
    expect([b.start, b.end, capacity(b)]).toEqual([7, 10, 4]);
    expect(windowCounts(b)).toEqual([3, 2, 0, 2]);
    expect(countAt(b, 6)).toBe(0);
    expect(countAt(b, 8)).toBe(2);
    expect([tryIncrement(b, 8), tryIncrement(b, 11), countAt(b, 8)]).toEqual([true, false, 3]);
  });

  it('grows (doubling, capped at maxSize) and keeps the counts in order', () => {
    const b = window(2);
    addCount(b, 0, 1, 6);
    addCount(b, -1, 1, 6);
    addCount(b, 2, 5, 6);
    expect(capacity(b)).toBe(4);
    addCount(b, -3, 7, 6);
    expect(capacity(b)).toBe(6);
    expect(windowCounts(b)).toEqual([7, 0, 1, 1, 0, 5]);
    expect(() => addCount(b, 3, 1, 6)).toThrow(RangeError);
  });

  it('downscales in place, also when the window wraps', () => {
    const b = window(8);
    for (let i = 0; i <= 5; i++) addCount(b, i, i + 1, 8);
    addCount(b, -2, 10, 8);
    addCount(b, -1, 20, 8); // window -2..5 wraps around the slots
    downscaleWindow(b, 1);
    // -2,-1 → -1; 0,1 → 0; 2,3 → 1; 4,5 → 2
    expect([b.start, b.end]).toEqual([-1, 2]);
    expect(windowCounts(b)).toEqual([30, 3, 7, 11]);
    downscaleWindow(b, 2);
    expect([b.start, b.end]).toEqual([-1, 0]);
    expect(windowCounts(b)).toEqual([30, 21]);
    // Freed slots are zero: extending again shows no stale counts.
    addCount(b, 5, 1, 8);
    expect(windowCounts(b)).toEqual([30, 21, 0, 0, 0, 0, 1]);
  });

  it('copies and clears', () => {
    const b = window(4);
    addCount(b, 3, 1, 8);
    addCount(b, 1, 2, 8);
    const c = window(1);
    addCount(c, 100, 9, 8);
    copyWindow(c, b, 8);
    expect([c.start, windowCounts(c)]).toEqual([1, [2, 0, 1]]);
    clearWindow(b);
    expect([isEmpty(b), windowLength(b), windowCounts(b), capacity(b)]).toEqual([true, 0, [], 4]);
    expect(windowCounts(c)).toEqual([2, 0, 1]);
    addCount(b, -50, 4, 8);
    expect([b.start, windowCounts(b)]).toEqual([-50, [4]]);
  });

  it('keeps counts past 2**32 - 1 exact, by recording, adding, downscaling and copying', () => {
    const big = 2 ** 32 - 1;
    const b = window(4);
    addCount(b, 0, big, 8);
    expect(b.counts).toBeInstanceOf(Uint32Array);
    expect(tryIncrement(b, 0)).toBe(true);
    expect(b.counts).toBeInstanceOf(Float64Array);
    expect(countAt(b, 0)).toBe(2 ** 32);
    tryIncrement(b, 0);
    expect(countAt(b, 0)).toBe(2 ** 32 + 1);

    const c = window(4);
    addCount(c, 1, big, 8);
    addCount(c, 1, 5, 8);
    expect(countAt(c, 1)).toBe(big + 5);

    const d = window(4);
    addCount(d, 2, big, 8);
    addCount(d, 3, big, 8);
    expect(d.counts).toBeInstanceOf(Uint32Array);
    downscaleWindow(d, 1); // 2 and 3 merge into 1
    expect(windowCounts(d)).toEqual([2 * big]);

    const e = window(2);
    copyWindow(e, c, 8);
    expect(windowCounts(e)).toEqual([big + 5]);
    addCount(e, 1, 1, 8);
    expect(countAt(e, 1)).toBe(big + 6);
    expect(countAt(c, 1)).toBe(big + 5);
  });

  it('never writes the shared empty array: every change starts a new one', () => {
    const b = new Buckets();
    clearWindow(b);
    downscaleWindow(b, 3);
    copyWindow(b, new Buckets(), 8);
    expect(b.counts).toBe(NO_COUNTS);
    expect(tryIncrement(b, 0)).toBe(false);
    addCount(b, 4, 1, 8);
    expect(b.counts).not.toBe(NO_COUNTS);
    expect([NO_COUNTS.length, windowCounts(b)]).toEqual([0, [1]]);
  });
});
