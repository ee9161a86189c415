// The circular bucket buffer under the exponential histogram: extension at both ends,
// wrap-around, growth up to maxSize, in-place downscaling, copy and clear.
import { BucketBuffer } from '../src/aggregators/exponential-histogram';

describe('BucketBuffer', () => {
  it('extends downwards and upwards, wrapping around its array', () => {
    const b = new BucketBuffer(8, 4);
    b.add(10, 1);
    b.add(8, 2); // extends below: wraps to the end of the array
    b.add(7, 3);
    b.add(10, 1);
    expect([b.startIndex, b.endIndex, b.capacity]).toEqual([7, 10, 4]);
    expect(b.toArray()).toEqual([3, 2, 0, 2]);
    expect(b.get(6)).toBe(0);
    expect(b.get(8)).toBe(2);
  });

  it('grows (doubling, capped at maxSize) and keeps the counts in order', () => {
    const b = new BucketBuffer(6, 2);
    b.add(0, 1);
    b.add(-1, 1);
    b.add(2, 5);
    expect(b.capacity).toBe(4);
    b.add(-3, 7);
    expect(b.capacity).toBe(6);
    expect(b.toArray()).toEqual([7, 0, 1, 1, 0, 5]);
    expect(() => b.add(3, 1)).toThrow(RangeError);
  });

  it('downscales in place, also when the window wraps', () => {
    const b = new BucketBuffer(8, 8);
    for (let i = 0; i <= 5; i++) b.add(i, i + 1);
    b.add(-2, 10);
    b.add(-1, 20); // window -2..5 wraps around the array
    b.downscale(1);
    // -2,-1 → -1; 0,1 → 0; 2,3 → 1; 4,5 → 2
    expect([b.startIndex, b.endIndex]).toEqual([-1, 2]);
    expect(b.toArray()).toEqual([30, 3, 7, 11]);
    b.downscale(2);
    expect([b.startIndex, b.endIndex]).toEqual([-1, 0]);
    expect(b.toArray()).toEqual([30, 21]);
    // Freed slots are zero: extending again shows no stale counts.
    b.add(5, 1);
    expect(b.toArray()).toEqual([30, 21, 0, 0, 0, 0, 1]);
  });

  it('copies and clears', () => {
    const b = new BucketBuffer(8, 4);
    b.add(3, 1);
    b.add(1, 2);
    const c = new BucketBuffer(8, 1);
    c.add(100, 9);
    c.copyFrom(b);
    expect([c.startIndex, c.toArray()]).toEqual([1, [2, 0, 1]]);
    b.clear();
    expect([b.isEmpty, b.length, b.toArray(), b.capacity]).toEqual([true, 0, [], 4]);
    expect(c.toArray()).toEqual([2, 0, 1]);
    b.add(-50, 4);
    expect([b.startIndex, b.toArray()]).toEqual([-50, [4]]);
  });
});
