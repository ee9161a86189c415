/**
 * Turns OTLP AnyValue / KeyValue lists (in the plain-object form of ReceivedRequest.body) into
 * ordinary JavaScript values, so tests can compare attributes with `toEqual({ ... })`.
 */

// protobufjs toObject with `oneofs: true` names the member that is set in `value`.
export function unwrapAnyValue(v: any): unknown {
  if (v == null) return undefined;
  switch (v.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return int64ToNumber(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return v.bytesValue; // base64
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map(unwrapAnyValue);
    case 'kvlistValue':
      return keyValuesToRecord(v.kvlistValue?.values);
    default:
      return undefined; // an empty AnyValue
  }
}

export function keyValuesToRecord(kvs: any[] | undefined | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs ?? []) out[kv.key] = unwrapAnyValue(kv.value);
  return out;
}

/**
 * 64-bit integers arrive as decimal strings; counts and int values in tests are far below 2^53, so a
 * number is the useful form for assertions (the exact string stays in ReceivedRequest.body).
 */
export function int64ToNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}
