// Index computation of the Base2 exponential histogram: exact at every bucket boundary that
// a double can hit (powers of two), at the edges of the float range and for subnormals, and
// consistent with the bucket definition base**i < v <= base**(i+1) for random values.
import { getExponent, mapToIndex } from '../src/aggregators/exponential-histogram';
import { subBucketByLog, subBucketByTable, TABLE_MAX_SCALE } from '../src/aggregators/exponential-histogram/sub-bucket-table';
import { inBucket, lowerBoundary, mulberry32, nextDown, nextUp, randomMagnitude } from './exponential-histogram-helpers';

const SCALES: number[] = [];
for (let s = -10; s <= 20; s++) SCALES.push(s);

/** Index of the bucket whose upper, inclusive boundary is 2**e, at `scale`. */
function indexOfPowerOfTwo(e: number, scale: number): number {
  return scale > 0 ? e * 2 ** scale - 1 : (e - 1) >> -scale;
}

describe('getExponent', () => {
  it.each([
    [1, 0],
    [2, 1],
    [3, 1],
    [0.5, -1],
    [0.75, -1],
    [Number.MAX_VALUE, 1023],
    [2 ** -1022, -1022],
    [Number.MIN_VALUE, -1074],
    [3 * Number.MIN_VALUE, -1073],
    [2 ** -1022 - Number.MIN_VALUE, -1023],
  ])('exponent of %p is %p', (value, exponent) => {
    expect(getExponent(value)).toBe(exponent);
  });
});

describe('mapToIndex', () => {
  it('puts 1, 2 and 4 in buckets -1, 0 and 1 at scale 0 (upper-inclusive)', () => {
    expect([1, 2, 4].map((v) => mapToIndex(v, 0))).toEqual([-1, 0, 1]);
    expect([1.5, 3, 5].map((v) => mapToIndex(v, 0))).toEqual([0, 1, 2]);
  });

  it('follows the scale 3 boundaries 2**(k/8) of the data model table', () => {
    // Just above the lower boundary of bucket k (0..7), and exactly 2: bucket 7.
    const above = [1.0001, 1.0906, 1.1893, 1.2969, 1.4143, 1.5423, 1.6818, 1.8341];
    expect(above.map((v) => mapToIndex(v, 3))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const below = [1.0905, 1.1892, 1.2968, 1.4142, 1.5422, 1.6817, 1.834, 2];
    expect(below.map((v) => mapToIndex(v, 3))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('uses base 4 at scale -1 and base 16 at scale -2', () => {
    expect([1, 1.5, 4, 5, 16, 17].map((v) => mapToIndex(v, -1))).toEqual([-1, 0, 0, 1, 1, 2]);
    expect([0.0625, 0.07, 1, 1.5, 16, 17, 256].map((v) => mapToIndex(v, -2))).toEqual([-2, -1, -1, 0, 0, 1, 1]);
  });

  it.each(SCALES)('is exact at every power of two at scale %i', (scale) => {
    // Mismatches are collected and asserted once: an expect() per value is slow.
    const failures: string[] = [];
    const check = (what: string, actual: number, expected: number) => {
      if (actual !== expected) failures.push(`${what}: got ${actual}, expected ${expected}`);
    };
    for (let e = -1074; e <= 1023; e++) {
      const v = 2 ** e;
      const index = indexOfPowerOfTwo(e, scale);
      // 2**e is the inclusive upper boundary of its bucket...
      check(`2**${e}`, mapToIndex(v, scale), index);
      // ...for normal values the next double above starts the next bucket (at positive
      // scales; at scale <= 0 a bucket spans several octaves)... (subnormals are too coarse:
      // the next double above 2**-1074 is 2**-1073)
      if (e < 1023) {
        const up = nextUp(v);
        if (e >= -1022) check(`nextUp(2**${e})`, mapToIndex(up, scale), scale > 0 ? index + 1 : e >> -scale);
        else if (!inBucket(up, mapToIndex(up, scale), scale)) failures.push(`nextUp(2**${e}) outside its bucket`);
      }
      // ...and for normal values the double just below stays in the same bucket.
      if (e > -1074) {
        const down = nextDown(v);
        if (e >= -1022) check(`nextDown(2**${e})`, mapToIndex(down, scale), index);
        else if (!inBucket(down, mapToIndex(down, scale), scale)) failures.push(`nextDown(2**${e}) outside its bucket`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(SCALES)('maps MAX_VALUE, 2**-1022 and MIN_VALUE exactly at scale %i', (scale) => {
    const top = scale > 0 ? 1024 * 2 ** scale - 1 : 1023 >> -scale;
    expect(mapToIndex(Number.MAX_VALUE, scale)).toBe(top);
    expect(mapToIndex(2 ** -1022, scale)).toBe(indexOfPowerOfTwo(-1022, scale));
    expect(mapToIndex(Number.MIN_VALUE, scale)).toBe(indexOfPowerOfTwo(-1074, scale));
    // Largest subnormal: just below 2**-1022, same bucket as 2**-1022.
    expect(mapToIndex(nextDown(2 ** -1022), scale)).toBe(indexOfPowerOfTwo(-1022, scale));
  });

  it('keeps every index within a signed 32-bit integer', () => {
    for (const scale of SCALES) {
      for (const v of [Number.MIN_VALUE, 2 ** -1022, 1, Number.MAX_VALUE]) {
        const index = mapToIndex(v, scale);
        expect(index).toBe(index | 0);
      }
    }
  });

  it('matches the data model example: at scale -4, 2**-1022 falls in the bucket above 2**-1024', () => {
    const index = mapToIndex(2 ** -1022, -4);
    expect(index).toBe(-64);
    expect(lowerBoundary(index, -4)).toBe(2 ** -1024);
  });

  it('puts random values over the whole double range inside their bucket bounds at every scale', () => {
    const random = mulberry32(0x5eed);
    for (let n = 0; n < 3000; n++) {
      const v = randomMagnitude(random);
      for (const scale of SCALES) {
        const index = mapToIndex(v, scale);
        if (!inBucket(v, index, scale)) throw new Error(`${v} mapped to ${index} at scale ${scale}`);
      }
    }
  });

  it('is consistent across scales (perfect subsetting): index(s - 1) = index(s) >> 1', () => {
    const random = mulberry32(42);
    const failures: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const v = randomMagnitude(random);
      for (let scale = 20; scale > -10; scale--) {
        if (mapToIndex(v, scale - 1) !== mapToIndex(v, scale) >> 1) failures.push(`${v} at scale ${scale}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('lowerBoundary', () => {
  it('gives 1 for index 0 and 2 for index 2**scale', () => {
    for (const scale of SCALES) {
      expect(lowerBoundary(0, scale)).toBe(1);
      if (scale >= 0) expect(lowerBoundary(2 ** scale, scale)).toBe(2);
    }
  });

  it('gives exact powers of two at scale <= 0, 0 and Infinity beyond the double range', () => {
    expect(lowerBoundary(3, -1)).toBe(64);
    expect(lowerBoundary(-1075, 0)).toBe(0);
    expect(lowerBoundary(-1074, 0)).toBe(Number.MIN_VALUE);
    expect(lowerBoundary(1024, 0)).toBe(Infinity);
  });

  it('is the inverse of mapToIndex at scale 3', () => {
    for (let k = -20; k <= 20; k++) {
      expect(mapToIndex(nextUp(lowerBoundary(k, 3)), 3)).toBe(k);
    }
  });
});

describe('sub-bucket table (positions inside an octave without a logarithm)', () => {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const hiWord = (m: number) => {
    bits[0] = m;
    return words[1];
  };
  const step = (x: number, n: number) => {
    const big = new BigInt64Array(bits.buffer);
    bits[0] = x;
    big[0] += BigInt(n);
    return bits[0];
  };

  it.each(Array.from({ length: TABLE_MAX_SCALE }, (_, i) => i + 1))('gives the logarithm’s answer at scale %i, around every boundary and at random', (scale) => {
    const failures: string[] = [];
    const check = (m: number) => {
      if (!(m > 1 && m < 2)) return;
      const byTable = subBucketByTable(m, hiWord(m), scale);
      const byLog = subBucketByLog(m, scale);
      if (byTable !== byLog) failures.push(`${m}: table ${byTable}, log ${byLog}`);
    };
    const buckets = 2 ** scale;
    for (let k = 0; k <= buckets; k++) {
      const boundary = 2 ** (k / buckets);
      for (let d = -16; d <= 16; d++) check(step(boundary, d));
    }
    // Cell edges (the table's own cuts) and random significands.
    for (let c = 0; c <= 2 * buckets; c++) for (let d = -2; d <= 2; d++) check(step(1 + c / (2 * buckets), d));
    const random = mulberry32(scale);
    for (let n = 0; n < 20_000; n++) check(1 + random());
    expect(failures).toEqual([]);
  });
});
