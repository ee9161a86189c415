// Helpers for the exponential histogram tests. The bucket-bounds check is written
// independently of the implementation (powers via Math.pow, no logarithm, no float bits).
import { Random } from './support/model/random';

/** Seeded PRNG (mulberry32, the model tests' Random): uniform in [0, 1), reproducible. */
export function mulberry32(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

/** x * 2**e, exact whenever the result is a normal double (done in steps that cannot overflow). */
export function scaleByPow2(x: number, e: number): number {
  let r = x;
  let rest = e;
  while (rest > 1000) {
    r *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    r *= 2 ** -1000;
    rest += 1000;
  }
  return r * 2 ** rest;
}

/** A positive finite double with an exponent uniform over [-1074, 1023] (subnormals included). */
export function randomMagnitude(random: () => number): number {
  const e = Math.floor(random() * 2098) - 1074;
  const v = scaleByPow2(1 + random(), e);
  if (v === 0) return Number.MIN_VALUE;
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}

const view = new DataView(new ArrayBuffer(8));

/** The next double above the positive finite value `v`. */
export function nextUp(v: number): number {
  view.setFloat64(0, v);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/** The next double below the positive value `v`. */
export function nextDown(v: number): number {
  view.setFloat64(0, v);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** Whether base**index < v <= base**(index+1), base = 2**(2**-scale), for v > 0. */
export function inBucket(v: number, index: number, scale: number): boolean {
  if (scale <= 0) {
    // Boundaries are exact powers of two 2**(index * 2**-scale).
    const width = 2 ** -scale;
    const lo = index * width;
    const hi = (index + 1) * width;
    const aboveLo = lo < -1074 || v > 2 ** lo;
    const belowHi = hi > 1023 || v <= 2 ** hi;
    return aboveLo && belowHi;
  }
  // Scale the value by the octave of the bucket (exact), then compare with 2**(k/N) and
  // 2**((k+1)/N), N = 2**scale.
  const n = 2 ** scale;
  const octave = Math.floor(index / n);
  const k = index - octave * n;
  const m = scaleByPow2(v, -octave);
  return m > 2 ** (k / n) && m <= 2 ** ((k + 1) / n);
}

/**
 * Lower boundary base**index of bucket `index` at `scale` (the bucket holds values above
 * it): the oracle the mapping tests check mapToIndex against. 0 or Infinity where the
 * boundary is beyond the range of doubles; for positive scales the nearest double.
 */
export function lowerBoundary(index: number, scale: number): number {
  if (scale <= 0) {
    const e = index * 2 ** -scale;
    return e > 1023 ? Infinity : e < -1074 ? 0 : scaleByPow2(1, e);
  }
  const bucketsPerOctave = 2 ** scale;
  const exponent = Math.floor(index / bucketsPerOctave);
  const sub = index - exponent * bucketsPerOctave;
  return scaleByPow2(2 ** (sub / bucketsPerOctave), exponent);
}
