/**
 * OTLP/JSON -> protobufjs `fromObject` input.
 *
 * OTLP/JSON is the protobuf JSON mapping with OTLP's own exceptions: lowerCamelCase field names,
 * enums as integers, 64-bit integers as decimal strings (numbers accepted too), and trace/span ids
 * as hex instead of base64. The specification asks receivers to be lenient, so this also accepts
 * the original snake_case field names and enum names; unknown fields are ignored (fromObject
 * only reads the fields it knows).
 */

const HEX_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/;

export function normalizeOtlpJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeOtlpJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = snakeToCamel(key);
    if ((name === 'traceId' || name === 'spanId') && typeof v === 'string' && HEX_ID.test(v)) {
      // fromObject reads a string for a bytes field as base64; hand it the bytes instead.
      out[name] = Buffer.from(v, 'hex');
    } else {
      out[name] = normalizeOtlpJson(v);
    }
  }
  return out;
}

function snakeToCamel(key: string): string {
  return key.includes('_') ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key;
}
