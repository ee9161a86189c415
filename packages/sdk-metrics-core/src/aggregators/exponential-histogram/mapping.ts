// Mapping between values and Base2 exponential bucket indices.
//
// At scale s the base is 2**(2**-s) and bucket `index` holds the values v with
// base**index < v <= base**(index+1) (upper-inclusive, as the data model now specifies).
// Equivalently index = ceil(log2(v) * 2**s) - 1.
//
// The exponent is read from the float's bits and the significand is the value times a
// power of two (both exact, including for subnormals); only the position inside one octave
// needs a logarithm, and only at positive scales (up to scale 10 a table gives the same
// answer: sub-bucket-table.ts). Exact powers of two sit on a bucket boundary at every scale
// and are handled without any logarithm, so they always land in the bucket below the
// boundary.

import { subBucketByLog, subBucketByTable, TABLE_MAX_SCALE } from './sub-bucket-table';

/** Smallest and largest scales a user may configure (specification of the SDK). */
export const MIN_SCALE = -10;
export const MAX_SCALE = 20;

const SIGNIFICAND_WIDTH = 52;
const EXPONENT_BIAS = 1023;
/** Mask of the exponent bits in the high 32-bit word of a double. */
const HI_EXPONENT_MASK = 0x7ff00000;
/** 2**52: multiplying a subnormal by it gives a normal value with the same significand. */
const TWO_POW_52 = 4503599627370496;

// One shared 8-byte scratch buffer, seen as a double and as two 32-bit words: reading the
// bits of a double without allocating (typed-array element access is cheaper than DataView).
// Only ever written as a double and read as a word: writing a word and reading the double
// back stalls the CPU (a store-to-load forwarding failure, measured at ~30 ns per value).
const scratchFloat = new Float64Array(1);
/** Where the hot path puts the value for mapInputToIndex. */
export const mappingInput = scratchFloat;
const scratchWords = new Uint32Array(scratchFloat.buffer);
/** Index of the word holding the sign, exponent and high significand bits. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: 1

/** 2**-e at [e + EXPONENT_BIAS] (the biased exponent) for the exponents e of normal doubles, [-1022, 1023]. */
const INVERSE_POWERS_OF_TWO = new Float64Array(2 * EXPONENT_BIAS + 1);
for (let e = 1 - EXPONENT_BIAS; e <= EXPONENT_BIAS; e++) INVERSE_POWERS_OF_TWO[e + EXPONENT_BIAS] = 2 ** -e;

/** The biased exponent field of the double in `scratchFloat[0]` (0 for zero and subnormals). */
function rawExponentOfScratch(): number {
  return (scratchWords[HI] & HI_EXPONENT_MASK) >>> 20;
}

/**
 * The normalized base-2 exponent of a finite non-zero value: |value| = m * 2**e, m in [1, 2).
 * Normal values give [-1022, 1023], subnormals [-1074, -1023].
 */
export function getExponent(value: number): number {
  scratchFloat[0] = value;
  const raw = rawExponentOfScratch();
  if (raw !== 0) return raw - EXPONENT_BIAS;
  // Subnormal: scale into the normal range (exact), then correct the exponent.
  scratchFloat[0] = value * TWO_POW_52;
  return rawExponentOfScratch() - EXPONENT_BIAS - SIGNIFICAND_WIDTH;
}

/**
 * Index of the bucket holding `value` (> 0, finite) at `scale`: the index i such that
 * base**i < value <= base**(i+1), with base = 2**(2**-scale). Exact at every power of two,
 * at Number.MAX_VALUE, at 2**-1022 and for subnormals. The result fits in a signed 32-bit
 * integer for every scale in [-10, 20] (and below).
 */
export function mapToIndex(value: number, scale: number): number {
  scratchFloat[0] = value;
  return mapInputToIndex(scale);
}

/**
 * mapToIndex of the value in `mappingInput[0]` (overwritten), for the hot path: a call
 * that V8 does not inline (the recording call chain spends its inlining budget before it
 * gets here) gets its double arguments boxed, 16 bytes allocated per measurement; this one
 * takes an integer only.
 */
export function mapInputToIndex(scale: number): number {
  let value = scratchFloat[0];
  let raw = rawExponentOfScratch();
  let adjust = 0;
  if (raw === 0) {
    // Subnormal: scale into the normal range (exact), then correct the exponent.
    value *= TWO_POW_52;
    scratchFloat[0] = value;
    raw = rawExponentOfScratch();
    adjust = SIGNIFICAND_WIDTH;
  }
  // value = significand * 2**(raw - bias), significand in [1, 2): multiplying by a power of
  // two with a normal result is exact.
  const significand = value * INVERSE_POWERS_OF_TWO[raw];
  const exponent = raw - EXPONENT_BIAS - adjust;
  if (scale <= 0) {
    // Scale 0: the index is the exponent, one less for an exact power of two (it is the
    // upper, inclusive boundary of the bucket below). Negative scales merge 2**-scale of
    // those buckets: an arithmetic shift rounds towards -Infinity, as required.
    const index0 = significand === 1 ? exponent - 1 : exponent;
    return index0 >> -scale;
  }
  // An integer shift, not 2 ** scale: Math.pow costs more than the rest of the mapping.
  const bucketsPerOctave = 1 << scale;
  if (significand === 1) return exponent * bucketsPerOctave - 1;
  // Position inside the octave: ceil(log2(m) * 2**scale) - 1 for m in (1, 2), by table
  // (the same answer, without a logarithm: sub-bucket-table.ts) up to TABLE_MAX_SCALE.
  const sub = scale <= TABLE_MAX_SCALE ? subBucketByTable(significand, scratchWords[HI], scale) : subBucketByLog(significand, scale);
  return exponent * bucketsPerOctave + sub;
}
