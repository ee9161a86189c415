// Byte counts of protobuf wire values, shared by the sizing pass of the encoder and its tests.
// Sizes are computed exactly, so the request buffer is allocated once at its final length.

/** Bytes of an unsigned varint below 2^32 (lengths, tags, small counts). */
export function varintSize32(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/**
 * Bytes of a varint holding a non-negative integer up to 2^64 (uint64 bucket counts, positive
 * int64 attribute values). Negative int64 values always take 10 bytes.
 */
export function varintSize64(value: number): number {
  if (value < 0) return 10;
  if (value < 0x100000000) return varintSize32(value);
  // 2^(7k): 2^35, 2^42, 2^49, 2^56, 2^63
  return value < 34359738368 ? 5 : value < 4398046511104 ? 6 : value < 562949953421312 ? 7 : value < 72057594037927936 ? 8 : value < 9223372036854775808 ? 9 : 10;
}

/** Bytes of a uint64 count as ProtoWriter.uint64 writes it (negative or NaN: 0, one byte). */
export function uint64Size(value: number): number {
  return value > 0 ? varintSize64(value) : 1;
}

/** Bytes of a string in UTF-8; lone surrogates count as U+FFFD (3 bytes), as Buffer writes them. */
export function utf8Length(text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) >= 0x80) return Buffer.byteLength(text, 'utf8');
  }
  return n;
}

/** Zigzag encoding of a sint32. */
export function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}
