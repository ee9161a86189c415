// Seeded generator of ResourceMetrics for the encoder's oracle tests: every metric and point
// kind, both value types and temporalities, and the values encoders get wrong (NaN, ±Infinity,
// -0, huge and tiny numbers, empty and non-ASCII strings, every attribute value type, empty
// scopes and resources, schema URLs).
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@meterkit/sdk-metrics-core';

export interface OddOptions {
  /**
   * Only values the transformer's JSON gets right: it writes NaN and ±Infinity as null, -0 as 0,
   * and integral doubles beyond the int64 range (1e308) as int_value.
   */
  finiteOnly?: boolean;
  /** Attach exemplars to points. */
  exemplars?: boolean;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'GET', '/checkout/{id}', 'ünïcödé', '日本語のテキスト', 'emoji 🚀 and more', 'a'.repeat(200), 'quote " backslash \\ newline \n tab \t', 'x'.repeat(47) + 'é'];
const NON_FINITE = [NaN, Infinity, -Infinity];
const DOUBLES = [0.5, -0, -2.25, 1e308, -1e308, 5e-324, 1.7976931348623157e308, 123456.789, 0.1];
const INTS = [0, 1, -1, 127, 128, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, -(2 ** 53), 2 ** 62, -(2 ** 62), 9007199254740991];

export function oddWorkload(seed: number, options: OddOptions = {}): ResourceMetrics {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const doubles = options.finiteOnly ? DOUBLES.filter((d) => !Object.is(d, -0) && Math.abs(d) < 2 ** 63) : [...DOUBLES, ...NON_FINITE];
  const primitive = (): unknown => {
    switch (Math.floor(r() * 4)) {
      case 0:
        return pick(STRINGS);
      case 1:
        return r() < 0.5;
      case 2:
        return pick(INTS);
      default:
        return pick(doubles);
    }
  };
  const attrValue = (depth: number): unknown => {
    const kind = Math.floor(r() * 10);
    if (kind < 5 || depth > 1) return primitive();
    if (kind === 5) return Array.from({ length: Math.floor(r() * 4) }, () => pick(STRINGS)); // string[]
    if (kind === 6) return Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.5 ? pick(INTS) : pick(doubles))); // number[]
    if (kind === 7) return [true, false, r() < 0.5]; // boolean[]
    if (kind === 8) return [primitive(), primitive(), [primitive(), primitive()]]; // mixed and nested
    return { inner: primitive(), list: [primitive()], deeper: { k: primitive() } }; // kvlist
  };
  const attributes = (n: number): Attributes => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) out[r() < 0.2 ? pick(STRINGS) + i : `key.${i}`] = attrValue(0);
    return out as Attributes;
  };
  const time = (): HrTime => pick<HrTime>([[1_700_000_000, 123_456_789], [4_102_444_800, 999_999_999], [0, 0], [1, 1], [1_700_000_000, 0]]);
  const count = () => pick([0, 1, 7, 2 ** 32 + 5, 2 ** 40]);
  const extras = (isInt: boolean): object => {
    if (!options.exemplars || r() < 0.3) return {};
    return {
      exemplars: Array.from({ length: 1 + Math.floor(r() * 2) }, (_, i) => ({
        filteredAttributes: attributes(Math.floor(r() * 3)),
        value: isInt ? pick(INTS) : pick(doubles),
        timestamp: time(),
        ...(i === 0 || r() < 0.5 ? { spanId: '00f067aa0ba902b7', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } : {}),
      })),
      flags: r() < 0.3 ? 1 : 0,
    };
  };

  const metric = (index: number): MetricData => {
    const isInt = r() < 0.3;
    const descriptor = {
      name: index === 0 ? 'métrique.✓' : `metric.${index}`,
      description: pick(['', 'requests served', 'ünïcödé']),
      unit: pick(['', 'ms', '{request}', 'µs']),
      valueType: isInt ? ValueType.INT : ValueType.DOUBLE,
    };
    const aggregationTemporality = r() < 0.5 ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
    const points = Math.floor(r() * 4);
    const base = () => ({ startTime: time(), endTime: time(), attributes: attributes(Math.floor(r() * 5)) });
    const value = () => (isInt ? pick(INTS) : pick(doubles));
    const optional = () => (r() < 0.3 ? undefined : pick(doubles));
    switch (index % 4) {
      case 0:
        return { descriptor, aggregationTemporality, dataPointType: DataPointType.SUM, isMonotonic: r() < 0.5, dataPoints: Array.from({ length: points }, () => ({ ...base(), value: value(), ...extras(isInt) })) };
      case 1:
        return { descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints: Array.from({ length: points }, () => ({ ...base(), value: value(), ...extras(isInt) })) };
      case 2:
        return {
          descriptor,
          aggregationTemporality,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: Array.from({ length: points }, () => {
            const boundaries = r() < 0.2 ? [] : [0, 5, 10.5, 1e300].slice(0, 1 + Math.floor(r() * 4));
            return {
              ...base(),
              value: { buckets: { boundaries, counts: [...boundaries, 0].map(() => count()) }, count: count(), sum: optional(), min: optional(), max: optional() },
              ...extras(isInt),
            };
          }),
        };
      default:
        return {
          descriptor,
          aggregationTemporality,
          dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
          dataPoints: Array.from({ length: points }, () => ({
            ...base(),
            value: {
              count: count(),
              sum: optional(),
              min: optional(),
              max: optional(),
              scale: pick([0, 20, -10, 3]),
              zeroCount: count(),
              positive: { offset: pick([0, 5, -300, 2 ** 20]), bucketCounts: Array.from({ length: Math.floor(r() * 4) }, () => count()) },
              negative: { offset: pick([0, -1]), bucketCounts: Array.from({ length: Math.floor(r() * 3) }, () => count()) },
            },
            ...extras(isInt),
          })),
        };
    }
  };

  const scope = (s: number): ScopeMetrics => {
    const withDetails = r() < 0.5;
    return {
      scope: {
        name: s === 0 ? '' : pick(['my-lib', 'ünïcödé-lib']),
        ...(withDetails ? { version: '1.2.3', schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' } : {}),
        ...(withDetails && r() < 0.5 ? { attributes: attributes(2), droppedAttributesCount: 3 } : {}),
      } as ScopeMetrics['scope'],
      // The first scope is empty.
      metrics: s === 0 ? [] : Array.from({ length: 1 + Math.floor(r() * 8) }, (_, i) => metric(i)),
    };
  };

  const emptyResource = r() < 0.25;
  const resource = {
    attributes: emptyResource ? {} : { 'service.name': 'checkout', 'host.arch': 'amd64', pid: 4321, ...attributes(2) },
    schemaUrl: r() < 0.5 ? 'https://opentelemetry.io/schemas/1.25.0' : undefined,
  };
  return { resource: resource as unknown as ResourceMetrics['resource'], scopeMetrics: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, s) => scope(s)) };
}
