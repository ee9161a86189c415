// 64-bit integers from JS numbers, as two 32-bit halves (no BigInt, no allocation): timestamps
// in nanoseconds exceed 2^53, so `seconds * 1e9 + nanos` cannot be computed in one double.
// Results are left in LO/HI of the exported `parts` object, read right after the call.

export const parts = { lo: 0, hi: 0 };

const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;

/** Nanoseconds since the epoch of an HrTime [seconds, nanos], as an unsigned 64-bit value. */
export function splitHrTime(seconds: number, nanos: number): void {
  let s = Math.trunc(seconds);
  let ns = Math.trunc(nanos);
  if (!(s >= 0)) s = 0; // before the epoch (or NaN): fixed64 cannot hold it
  if (!(ns >= 0)) ns = 0;
  if (s >= TWO_32) {
    // Beyond 2106: rare enough for the general (slower) arithmetic.
    const sLo = s % 65536;
    const a = sLo * 1e9 + ns;
    const b = ((s - sLo) / 65536) * 1e9;
    const bLow16 = b % 65536;
    const aLo = a % TWO_32;
    let lo = bLow16 * 65536 + aLo;
    const carry = Math.floor(lo / TWO_32);
    lo -= carry * TWO_32;
    parts.lo = lo;
    parts.hi = ((b - bLow16) / 65536 + (a - aLo) / TWO_32 + carry) % TWO_32;
    return;
  }
  // s = sHi * 2^16 + sLo with s < 2^32; a and b stay below 2^53, so `>>> 0` (ToUint32, i.e.
  // mod 2^32) and the divisions are exact. total = b * 2^16 + a.
  const sLo = s & 0xffff;
  const a = sLo * 1e9 + ns;
  const b = (s >>> 16) * 1e9;
  const bLow16 = (b >>> 0) & 0xffff;
  const aLo = a >>> 0;
  let lo = bLow16 * 65536 + aLo;
  let carry = 0;
  if (lo >= TWO_32) {
    lo -= TWO_32;
    carry = 1;
  }
  parts.lo = lo;
  parts.hi = ((b - bLow16) / 65536 + (a - aLo) / TWO_32 + carry) >>> 0;
}

/**
 * A signed 64-bit integer in two's complement. The value is truncated towards zero, saturates
 * at the int64 range and NaN becomes 0.
 */
export function splitInt64(value: number): void {
  let v = Math.trunc(value);
  if (v !== v) v = 0;
  if (v >= TWO_63) v = TWO_63 - 1024; // the largest double below 2^63
  if (v < -TWO_63) v = -TWO_63;
  const negative = v < 0;
  if (negative) v = -v;
  let lo = v % TWO_32;
  let hi = (v - lo) / TWO_32;
  if (negative) {
    lo = ~lo >>> 0;
    hi = ~hi >>> 0;
    lo = lo + 1;
    if (lo === TWO_32) {
      lo = 0;
      hi = (hi + 1) >>> 0;
    }
  }
  parts.lo = lo;
  parts.hi = hi;
}

/** Decimal string of an unsigned 64-bit timestamp in nanoseconds (OTLP/JSON). */
export function hrTimeToDecimal(seconds: number, nanos: number): string {
  splitHrTime(seconds, nanos);
  if (parts.hi === 0) return String(parts.lo);
  return (BigInt(parts.hi) * 4294967296n + BigInt(parts.lo)).toString();
}

/** Decimal string of an int64 (OTLP/JSON), with the same truncation and saturation as splitInt64. */
export function int64ToDecimal(value: number): string {
  let v = Math.trunc(value);
  if (v !== v) return '0';
  if (Number.isSafeInteger(v)) return String(v === 0 ? 0 : v);
  if (v >= TWO_63) return '9223372036854774784';
  if (v < -TWO_63) return '-9223372036854775808';
  return BigInt(v).toString();
}
