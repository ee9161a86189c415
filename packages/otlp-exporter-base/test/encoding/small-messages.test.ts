// The messages meterkit decodes by hand (google.rpc.Status with RetryInfo, the export response)
// and the 64-bit helpers, checked against protobufjs with the official .proto files.
import { loadSchema } from '@meterkit/otlp-sink';
import { decodeRetryInfoDelayMillis, PROTOBUF_METRICS_SERIALIZER, JSON_METRICS_SERIALIZER } from '../../src';
import { encodeRetryInfoStatus } from '../../src/retry/grpc-status';
import { hrTimeToDecimal, parts, splitHrTime, splitInt64 } from '../../src/encoding/int64-parts';

function statusWithRetryInfo(seconds: number | string, nanos: number, extraDetailsFirst = false): Uint8Array {
  const { Status, RetryInfo, Any } = loadSchema();
  const value = RetryInfo.encode(RetryInfo.fromObject({ retryDelay: { seconds, nanos } })).finish();
  const details = [Any.fromObject({ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value })];
  if (extraDetailsFirst) details.unshift(Any.fromObject({ type_url: 'type.googleapis.com/google.rpc.DebugInfo', value: Buffer.from([0x0a, 0x01, 0x78]) }));
  return Status.encode(Status.fromObject({ code: 8, message: 'slow down ✋', details })).finish();
}

describe('google.rpc.RetryInfo in a Status, decoded by hand', () => {
  test.each([
    [0, 0, 0],
    [2, 0, 2000],
    [1, 500_000_000, 1500],
    [0, 250_000, 0.25],
    ['4000000000', 0, 4e12],
  ])('protobufjs-encoded %s s + %s ns -> %s ms', (seconds, nanos, millis) => {
    expect(decodeRetryInfoDelayMillis(statusWithRetryInfo(seconds, nanos))).toBe(millis);
  });

  test('finds RetryInfo after other details', () => {
    expect(decodeRetryInfoDelayMillis(statusWithRetryInfo(3, 0, true))).toBe(3000);
  });

  test('no RetryInfo, empty, truncated or garbage input: undefined, never a throw', () => {
    const { Status } = loadSchema();
    expect(decodeRetryInfoDelayMillis(Status.encode(Status.fromObject({ code: 14, message: 'x' })).finish())).toBeUndefined();
    expect(decodeRetryInfoDelayMillis(new Uint8Array(0))).toBeUndefined();
    expect(decodeRetryInfoDelayMillis(undefined)).toBeUndefined();
    const good = statusWithRetryInfo(2, 0);
    expect(decodeRetryInfoDelayMillis(good.subarray(0, good.length - 3))).toBeUndefined();
    expect(decodeRetryInfoDelayMillis(Uint8Array.from([0xff, 0xff, 0xff]))).toBeUndefined();
  });

  test('encodeRetryInfoStatus decodes with protobufjs to the same Status', () => {
    const { Status, RetryInfo } = loadSchema();
    const status = Status.toObject(Status.decode(encodeRetryInfoStatus(8, 'busy ✋', 1500)), { longs: Number }) as any;
    expect(status.code).toBe(8);
    expect(status.message).toBe('busy ✋');
    expect(status.details[0].type_url).toBe('type.googleapis.com/google.rpc.RetryInfo');
    expect(RetryInfo.toObject(RetryInfo.decode(status.details[0].value), { longs: Number })).toEqual({ retryDelay: { seconds: 1, nanos: 500_000_000 } });
  });
});

describe('ExportMetricsServiceResponse', () => {
  test('protobuf partial success, encoded by protobufjs', () => {
    const T = loadSchema().ExportMetricsServiceResponse;
    const bytes = T.encode(T.fromObject({ partialSuccess: { rejectedDataPoints: 7, errorMessage: 'bad ✗' } })).finish();
    expect(PROTOBUF_METRICS_SERIALIZER.deserializeResponse(bytes)).toEqual({ partialSuccess: { rejectedDataPoints: 7, errorMessage: 'bad ✗' } });
    expect(PROTOBUF_METRICS_SERIALIZER.deserializeResponse(T.encode(T.fromObject({})).finish())).toEqual({});
    expect(() => PROTOBUF_METRICS_SERIALIZER.deserializeResponse(Uint8Array.from([0x0a, 0x10, 0x01]))).toThrow();
  });

  test('JSON partial success, int64 as a string or a number', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(JSON_METRICS_SERIALIZER.deserializeResponse(enc('{"partialSuccess":{"rejectedDataPoints":"3","errorMessage":"x"}}'))).toEqual({ partialSuccess: { rejectedDataPoints: 3, errorMessage: 'x' } });
    expect(JSON_METRICS_SERIALIZER.deserializeResponse(enc('{"partialSuccess":{"rejectedDataPoints":4}}')).partialSuccess?.rejectedDataPoints).toBe(4);
    expect(JSON_METRICS_SERIALIZER.deserializeResponse(enc('{}'))).toEqual({});
  });
});

describe('64-bit helpers', () => {
  const big = (lo: number, hi: number) => (BigInt(hi) << 32n) | BigInt(lo);
  test.each([
    [0, 0],
    [1, 1],
    [1_700_000_000, 123_456_789],
    [4_102_444_800, 999_999_999],
    [18_446_744_073, 709_551_615],
    [65_535, 999_999_999],
    [65_536, 0],
  ])('HrTime [%s, %s] in nanoseconds', (s, ns) => {
    splitHrTime(s, ns);
    expect(big(parts.lo, parts.hi)).toBe(BigInt(s) * 1_000_000_000n + BigInt(ns));
    expect(hrTimeToDecimal(s, ns)).toBe((BigInt(s) * 1_000_000_000n + BigInt(ns)).toString());
  });

  test.each([0, 1, -1, 2 ** 32, -(2 ** 32), 2 ** 53 + 2, -(2 ** 62), 2 ** 63 - 1024, -(2 ** 63)])('int64 %s in two\'s complement', (v) => {
    splitInt64(v);
    expect(BigInt.asIntN(64, big(parts.lo, parts.hi))).toBe(BigInt(v));
  });

  test('int64 saturates beyond its range and reads NaN as 0', () => {
    splitInt64(1e30);
    expect(BigInt.asIntN(64, big(parts.lo, parts.hi))).toBe(BigInt(2 ** 63 - 1024));
    splitInt64(-1e30);
    expect(BigInt.asIntN(64, big(parts.lo, parts.hi))).toBe(-(2n ** 63n));
    splitInt64(NaN);
    expect(big(parts.lo, parts.hi)).toBe(0n);
  });
});
