// The few protobuf messages meterkit reads: ExportMetricsServiceResponse (partial success) and
// google.rpc.Status with RetryInfo (gRPC retry delays). A reader of wire fields is all they
// need; it throws on truncated or malformed input, which callers treat as "no answer".

export interface WireField {
  field: number;
  wireType: number;
  /** Varint value (wire type 0), as a number (exact below 2^53). */
  varint: number;
  /** Bytes (wire type 2). */
  bytes?: Uint8Array;
}

function malformed(): never {
  throw new RangeError('malformed protobuf message');
}

/** Calls `onField` for every field of `data`; skips fixed32/fixed64 values. */
export function readFields(data: Uint8Array, onField: (field: WireField) => void): void {
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= data.length) malformed();
      const b = data[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    return malformed();
  };
  while (pos < data.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) malformed();
    switch (wireType) {
      case 0:
        onField({ field, wireType, varint: readVarint() });
        break;
      case 1:
        if (pos + 8 > data.length) malformed();
        pos += 8;
        break;
      case 2: {
        const length = readVarint();
        if (pos + length > data.length) malformed();
        onField({ field, wireType, varint: 0, bytes: data.subarray(pos, pos + length) });
        pos += length;
        break;
      }
      case 5:
        if (pos + 4 > data.length) malformed();
        pos += 4;
        break;
      default:
        malformed();
    }
  }
}

/** A varint read as int64: values of 2^63 and above are negative numbers in two's complement. */
export function int64FromVarint(value: number): number {
  return value >= 9223372036854775808 ? value - 18446744073709551616 : value;
}

const utf8 = new TextDecoder();

export function decodeUtf8(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '' : utf8.decode(bytes);
}
