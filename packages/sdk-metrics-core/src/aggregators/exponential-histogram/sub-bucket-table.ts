// The position of a significand m in (1, 2) among the 2**scale buckets of one octave,
// without a logarithm: Math.log2 was most of the cost of recording into an exponential
// histogram. By definition the position is ceil(log2(m) * 2**scale) - 1 (clamped to the
// octave), computed by `subBucketByLog`; the table gives the same answer for every m.
//
// The octave is cut into 2**(scale + 1) equal cells of m, chosen by the top scale + 1
// significand bits. A bucket is wider than a cell (its width is at least
// (2**(2**-scale) - 1) > 0.69 * 2**-scale, a cell's is 0.5 * 2**-scale), so a cell holds at
// most one bucket boundary: the position is the cell's first position, or the next one if m
// lies above that boundary. The boundaries are not the irrational 2**(k / 2**scale) but
// `thresholds[k]`, the largest double whose position by `subBucketByLog` is below k,
// found by stepping one double at a time from the rounded boundary, so that the table and
// the logarithm agree exactly (both checked at every threshold in the tests). Tables are
// built on first use of a scale, up to TABLE_MAX_SCALE (16 KB at the largest).

/** Highest scale mapped through a table; finer scales use the logarithm. */
export const TABLE_MAX_SCALE = 10;

/** Bits of the fraction in the high 32-bit word of a double. */
const HI_FRACTION_BITS = 20;
const HI_FRACTION_MASK = 0x000fffff;

interface SubBucketTable {
  /** Per cell: the position of the lowest significand of the cell. */
  readonly cellStart: Int32Array;
  /** thresholds[k]: the largest significand at a position below k (k in [1, 2**scale - 1]); [2**scale] = Infinity. */
  readonly thresholds: Float64Array;
}

const tables: Array<SubBucketTable | undefined> = [];

/** ceil(log2(m) * 2**scale) - 1 for m in (1, 2), clamped to [0, 2**scale - 1] (see mapping.ts). */
export function subBucketByLog(significand: number, scale: number): number {
  const bucketsPerOctave = 1 << scale;
  // log2(m) is irrational here, so it never equals a boundary; rounding can only push the
  // result out of [0, 2**scale - 1] for m within an ulp of 1 or 2, which the clamps undo.
  const sub = Math.ceil(Math.log2(significand) * bucketsPerOctave) - 1;
  return sub < 0 ? 0 : sub >= bucketsPerOctave ? bucketsPerOctave - 1 : sub;
}

/**
 * subBucketByLog(significand, scale) for 1 <= scale <= TABLE_MAX_SCALE, where `hiWord` is
 * the high 32-bit word of a double whose fraction bits are the significand's.
 */
export function subBucketByTable(significand: number, hiWord: number, scale: number): number {
  const table = tables[scale] ?? buildTable(scale);
  const start = table.cellStart[(hiWord & HI_FRACTION_MASK) >>> (HI_FRACTION_BITS - 1 - scale)];
  return significand > table.thresholds[start + 1] ? start + 1 : start;
}

const bits = new Float64Array(1);
const bitsAsInteger = new BigUint64Array(bits.buffer);

/** The next double after the positive finite `x`, upwards (`step` 1) or downwards (-1). */
function nextDouble(x: number, step: 1 | -1): number {
  bits[0] = x;
  bitsAsInteger[0] += step === 1 ? 1n : -1n;
  return bits[0];
}

function buildTable(scale: number): SubBucketTable {
  const buckets = 1 << scale;
  const cells = buckets * 2;
  const cellStart = new Int32Array(cells);
  // The lowest significand of cell c is 1 + c / cells (exact); m = 1 itself is mapped by the caller.
  for (let c = 0; c < cells; c++) cellStart[c] = subBucketByLog(c === 0 ? nextDouble(1, 1) : 1 + c / cells, scale);
  const thresholds = new Float64Array(buckets + 1);
  thresholds[0] = 1;
  for (let k = 1; k < buckets; k++) {
    let t = 2 ** (k / buckets);
    while (subBucketByLog(t, scale) >= k) t = nextDouble(t, -1);
    while (subBucketByLog(nextDouble(t, 1), scale) < k) t = nextDouble(t, 1);
    thresholds[k] = t;
  }
  thresholds[buckets] = Infinity;
  // Invariant the lookup relies on: no cell holds two thresholds.
  for (let c = 0; c < cells; c++) {
    const nextCellStart = 1 + (c + 1) / cells;
    if (cellStart[c] + 2 <= buckets && thresholds[cellStart[c] + 2] < nextCellStart) {
      throw new Error(`exponential histogram: two bucket boundaries in one cell at scale ${scale}`);
    }
  }
  const table: SubBucketTable = { cellStart, thresholds };
  tables[scale] = table;
  return table;
}
