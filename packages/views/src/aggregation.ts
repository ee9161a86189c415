// Builders for the AggregationOption objects a view may carry, and the checks that reject
// a malformed one when the view is constructed rather than when the first measurement
// arrives. The objects are the plain `{ type, options }` shape of @opentelemetry/sdk-metrics
// 2.x, so an option written for the official SDK is accepted unchanged.
import { AggregationType, DEFAULT_HISTOGRAM_BOUNDARIES, findBoundariesProblem, type AggregationOption } from '@meterkit/sdk-metrics-core';

/** Smallest and largest scale of a base-2 exponential histogram (specification). */
const MIN_EXPONENTIAL_SCALE = -10;
const MAX_EXPONENTIAL_SCALE = 20;
/** An exponential histogram needs at least two buckets to be able to downscale. */
const MIN_EXPONENTIAL_MAX_SIZE = 2;

/** Builders of {@link AggregationOption} values: `Aggregation.sum()`, `.lastValue()`, `.drop()`, `.default()`, `.explicitBucketHistogram(boundaries)`, `.exponentialHistogram(maxSize)`. */
export const Aggregation = {
  /** The reader's choice for the instrument type (its aggregation selector). */
  default(): AggregationOption {
    return { type: AggregationType.DEFAULT };
  },
  /** Drops every measurement: the stream is not exported. */
  drop(): AggregationOption {
    return { type: AggregationType.DROP };
  },
  /** Sums the values per series. */
  sum(): AggregationOption {
    return { type: AggregationType.SUM };
  },
  /** Keeps the last value recorded per series. */
  lastValue(): AggregationOption {
    return { type: AggregationType.LAST_VALUE };
  },
  /**
   * Histogram with the given bucket upper bounds (strictly increasing, finite). Buckets are
   * `(-inf, b0], (b0, b1], ..., (bn, +inf)`.
   */
  explicitBucketHistogram(boundaries: readonly number[], recordMinMax = true): AggregationOption {
    return validateAggregation({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: boundaries as number[], recordMinMax },
    });
  },
  /** Base-2 exponential histogram with at most `maxSize` buckets per sign (default 160). */
  exponentialHistogram(maxSize?: number, recordMinMax = true): AggregationOption {
    return validateAggregation({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: maxSize === undefined ? { recordMinMax } : { maxSize, recordMinMax },
    });
  },
} as const;

const KNOWN_TYPES = new Set<unknown>(
  Object.values(AggregationType).filter((value) => typeof value === 'number'),
);

const KNOWN_NAMES = Object.keys(AggregationType).filter((key) => Number.isNaN(Number(key))) as Array<
  keyof typeof AggregationType
>;

/**
 * Aggregation types given by name, as plain JavaScript and configuration files write them:
 * the AggregationType member names ('EXPLICIT_BUCKET_HISTOGRAM'), and the names of the
 * specification's declarative configuration ('explicit_bucket_histogram',
 * 'base2_exponential_bucket_histogram'). Matched case-insensitively; mapped to the enum value
 * so the rest of the SDK only ever sees the official numeric shape.
 */
const TYPES_BY_NAME = new Map<string, AggregationType>([
  ...KNOWN_NAMES.map((name): [string, AggregationType] => [name.toLowerCase(), AggregationType[name]]),
  ['base2_exponential_bucket_histogram', AggregationType.EXPONENTIAL_HISTOGRAM],
]);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value;
}

/**
 * Throws a TypeError/RangeError naming `optionPath` (e.g. "aggregation") when `aggregation`
 * is not a usable AggregationOption. Returns a copy (boundaries included), so mutating the
 * caller's object after the view is built cannot change the view.
 */
export function validateAggregation(aggregation: unknown, optionPath = 'aggregation'): AggregationOption {
  if (typeof aggregation !== 'object' || aggregation === null) {
    throw new TypeError(
      `View option '${optionPath}' must be an AggregationOption object such as { type: AggregationType.SUM }, got ${describe(aggregation)}`,
    );
  }
  const { type: given, options } = aggregation as { type?: unknown; options?: unknown };
  const type = typeof given === 'string' ? TYPES_BY_NAME.get(given.toLowerCase()) : given;
  if (!KNOWN_TYPES.has(type)) {
    throw new TypeError(
      `View option '${optionPath}.type' must be an AggregationType value (e.g. AggregationType.SUM, which is ` +
        `${AggregationType.SUM}) or the name of one (e.g. 'SUM'); got ${describe(given)}. Known: ` +
        KNOWN_NAMES.map((name) => `AggregationType.${name} (${AggregationType[name]})`).join(', '),
    );
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`View option '${optionPath}.options' must be an object, got ${describe(options)}`);
  }
  const opts = (options ?? {}) as Record<string, unknown>;

  switch (type as AggregationType) {
    case AggregationType.EXPLICIT_BUCKET_HISTOGRAM: {
      // Without options the core uses the specification's default boundaries.
      if (options === undefined) return { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM };
      const boundaries =
        opts.boundaries === undefined
          ? DEFAULT_HISTOGRAM_BOUNDARIES.slice()
          : validateBoundaries(opts.boundaries, `${optionPath}.options.boundaries`);
      const recordMinMax = validateOptionalBoolean(opts.recordMinMax, `${optionPath}.options.recordMinMax`);
      return {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: recordMinMax === undefined ? { boundaries } : { boundaries, recordMinMax },
      };
    }
    case AggregationType.EXPONENTIAL_HISTOGRAM: {
      const out: { maxSize?: number; maxScale?: number; recordMinMax?: boolean } = {};
      if (opts.maxSize !== undefined) {
        const maxSize = opts.maxSize;
        if (typeof maxSize !== 'number' || !Number.isInteger(maxSize) || maxSize < MIN_EXPONENTIAL_MAX_SIZE) {
          throw new RangeError(
            `View option '${optionPath}.options.maxSize' must be an integer >= ${MIN_EXPONENTIAL_MAX_SIZE}, got ${describe(maxSize)}`,
          );
        }
        out.maxSize = maxSize;
      }
      if (opts.maxScale !== undefined) {
        const maxScale = opts.maxScale;
        if (
          typeof maxScale !== 'number' ||
          !Number.isInteger(maxScale) ||
          maxScale < MIN_EXPONENTIAL_SCALE ||
          maxScale > MAX_EXPONENTIAL_SCALE
        ) {
          throw new RangeError(
            `View option '${optionPath}.options.maxScale' must be an integer from ${MIN_EXPONENTIAL_SCALE} to ${MAX_EXPONENTIAL_SCALE}, got ${describe(maxScale)}`,
          );
        }
        out.maxScale = maxScale;
      }
      const recordMinMax = validateOptionalBoolean(opts.recordMinMax, `${optionPath}.options.recordMinMax`);
      if (recordMinMax !== undefined) out.recordMinMax = recordMinMax;
      if (options === undefined) return { type: AggregationType.EXPONENTIAL_HISTOGRAM };
      return { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: out };
    }
    default:
      return { type: type as AggregationType } as AggregationOption;
  }
}

function validateOptionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TypeError(`View option '${path}' must be a boolean, got ${describe(value)}`);
}

/** The core's validator (one rule set for views and the core), with the option's path in the message. */
function validateBoundaries(value: unknown, path: string): number[] {
  const problem = findBoundariesProblem(value);
  if (problem !== undefined) {
    const ErrorType = problem.errorType === 'TypeError' ? TypeError : RangeError;
    throw new ErrorType(`View option '${path}' ${problem.rule}; ${problem.detail}`);
  }
  return (value as number[]).slice();
}
