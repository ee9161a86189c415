// The one validation of aggregation options ({ type, options } as views and aggregation
// selectors give them), used by the core when it creates an aggregator and by
// @meterkit/views when a view is built, so both accept exactly the same options and say the
// same thing about the others. Its rules:
//   type          an AggregationType value, or the name of one ('SUM', 'explicit_bucket_histogram',
//                 'base2_exponential_bucket_histogram'; any case)
//   options       an object when given
//   boundaries    finite numbers, strictly increasing (bucket-boundaries.ts)
//   maxSize       an integer >= 2 (one bucket per range could never be downscaled into)
//   maxScale      an integer from -10 to 20 (the specification's range)
//   recordMinMax  a boolean when given
import { AggregationType, DEFAULT_HISTOGRAM_BOUNDARIES, type AggregationOption } from './aggregation-option';
import { findBoundariesProblem } from './bucket-boundaries';
import { MAX_SCALE, MIN_SCALE } from './exponential-histogram/mapping';

/** With one bucket per range two values could never be told apart; the scale could not settle. */
const MIN_EXPONENTIAL_MAX_SIZE = 2;

/** What is wrong with an aggregation option, as {@link findAggregationOptionProblem} reports it. */
export interface AggregationOptionProblem {
  /** TypeError for a value of the wrong type, RangeError for a number out of range or order. */
  readonly errorType: 'TypeError' | 'RangeError';
  /** Where, relative to the option: '' (the option itself), 'type', 'options', 'options.maxSize', ... */
  readonly path: string;
  /** What the value must be and what it is, e.g. "must be an integer >= 2, got 1". */
  readonly message: string;
}

const KNOWN_NAMES = Object.keys(AggregationType).filter((key) => Number.isNaN(Number(key))) as Array<keyof typeof AggregationType>;
const KNOWN_TYPES = new Set<unknown>(KNOWN_NAMES.map((name) => AggregationType[name]));
const TYPES_BY_NAME = new Map<string, AggregationType>([
  ...KNOWN_NAMES.map((name): [string, AggregationType] => [name.toLowerCase(), AggregationType[name]]),
  // The specification's declarative configuration calls it so.
  ['base2_exponential_bucket_histogram', AggregationType.EXPONENTIAL_HISTOGRAM],
]);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value;
}

/** The AggregationType of `type` given as a value or a name; undefined when it is neither. */
export function resolveType(type: unknown): AggregationType | undefined {
  const resolved = typeof type === 'string' ? TYPES_BY_NAME.get(type.toLowerCase()) : type;
  return KNOWN_TYPES.has(resolved) ? (resolved as AggregationType) : undefined;
}

/** Why `maxSize` is not a valid exponential histogram size, or undefined. */
export function maxSizeProblem(maxSize: unknown): string | undefined {
  if (typeof maxSize === 'number' && Number.isInteger(maxSize) && maxSize >= MIN_EXPONENTIAL_MAX_SIZE) return undefined;
  return `must be an integer >= ${MIN_EXPONENTIAL_MAX_SIZE}, got ${describe(maxSize)}`;
}

/** Why `maxScale` is not a valid exponential histogram scale, or undefined. */
export function maxScaleProblem(maxScale: unknown): string | undefined {
  if (typeof maxScale === 'number' && Number.isInteger(maxScale) && maxScale >= MIN_SCALE && maxScale <= MAX_SCALE) return undefined;
  return `must be an integer from ${MIN_SCALE} to ${MAX_SCALE}, got ${describe(maxScale)}`;
}

/** maxSize and maxScale problems are RangeErrors whatever the value, as @meterkit/views always reported them. */
function rangeProblem(path: string, message: string | undefined): AggregationOptionProblem | undefined {
  return message === undefined ? undefined : { errorType: 'RangeError', path, message };
}

/**
 * The first problem of `option` as an aggregation option, or undefined when it is valid.
 * Only the options of its own type are checked (others are ignored, as the official SDK does).
 */
export function findAggregationOptionProblem(option: unknown): AggregationOptionProblem | undefined {
  if (typeof option !== 'object' || option === null) {
    return {
      errorType: 'TypeError',
      path: '',
      message: `must be an AggregationOption object such as { type: AggregationType.SUM }, got ${describe(option)}`,
    };
  }
  const { type: given, options } = option as { type?: unknown; options?: unknown };
  const type = resolveType(given);
  if (type === undefined) {
    return {
      errorType: 'TypeError',
      path: 'type',
      message:
        `must be an AggregationType value (e.g. AggregationType.SUM, which is ${AggregationType.SUM}) or the name of one ` +
        `(e.g. 'SUM'); got ${describe(given)}. Known: ` +
        KNOWN_NAMES.map((name) => `AggregationType.${name} (${AggregationType[name]})`).join(', '),
    };
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    return { errorType: 'TypeError', path: 'options', message: `must be an object, got ${describe(options)}` };
  }
  const opts = (options ?? {}) as Record<string, unknown>;
  if (type === AggregationType.EXPLICIT_BUCKET_HISTOGRAM && opts.boundaries !== undefined) {
    const problem = findBoundariesProblem(opts.boundaries);
    if (problem !== undefined) {
      return { errorType: problem.errorType, path: 'options.boundaries', message: `${problem.rule}; ${problem.detail}` };
    }
  }
  if (type === AggregationType.EXPONENTIAL_HISTOGRAM) {
    if (opts.maxSize !== undefined) {
      const problem = rangeProblem('options.maxSize', maxSizeProblem(opts.maxSize));
      if (problem !== undefined) return problem;
    }
    if (opts.maxScale !== undefined) {
      const problem = rangeProblem('options.maxScale', maxScaleProblem(opts.maxScale));
      if (problem !== undefined) return problem;
    }
  }
  if ((type === AggregationType.EXPLICIT_BUCKET_HISTOGRAM || type === AggregationType.EXPONENTIAL_HISTOGRAM) && opts.recordMinMax !== undefined && typeof opts.recordMinMax !== 'boolean') {
    return { errorType: 'TypeError', path: 'options.recordMinMax', message: `must be a boolean, got ${describe(opts.recordMinMax)}` };
  }
  return undefined;
}

/** The error to throw for `problem` of the option at `optionPath`, e.g. "View option 'aggregation.options.maxSize' must be ...". */
export function aggregationOptionError(problem: AggregationOptionProblem, optionPath: string, subject: string): Error {
  const where = problem.path === '' ? optionPath : `${optionPath}.${problem.path}`;
  const ErrorType = problem.errorType === 'TypeError' ? TypeError : RangeError;
  return new ErrorType(`${subject} '${where}' ${problem.message}`);
}

/**
 * Checks an aggregation option and returns a normalised copy: the numeric AggregationType
 * (a name is resolved), only the options of that type, boundaries copied (the default ones
 * when options are given without boundaries), so that mutating the caller's object later
 * changes nothing. Throws a TypeError or RangeError naming `optionPath`, prefixed by `subject`
 * (e.g. `View option 'aggregation.options.maxSize' must be an integer >= 2, got 1`).
 */
export function validateAggregationOption(option: unknown, optionPath = 'aggregation', subject = 'Option'): AggregationOption {
  const problem = findAggregationOptionProblem(option);
  if (problem !== undefined) throw aggregationOptionError(problem, optionPath, subject);
  const { type: given, options } = option as { type: unknown; options?: Record<string, unknown> };
  const type = resolveType(given)!;
  const recordMinMax = options?.recordMinMax as boolean | undefined;
  switch (type) {
    case AggregationType.EXPLICIT_BUCKET_HISTOGRAM: {
      if (options === undefined) return { type };
      const boundaries = options.boundaries === undefined ? DEFAULT_HISTOGRAM_BOUNDARIES.slice() : (options.boundaries as number[]).slice();
      return { type, options: recordMinMax === undefined ? { boundaries } : { boundaries, recordMinMax } };
    }
    case AggregationType.EXPONENTIAL_HISTOGRAM: {
      if (options === undefined) return { type };
      const out: { maxSize?: number; maxScale?: number; recordMinMax?: boolean } = {};
      if (options.maxSize !== undefined) out.maxSize = options.maxSize as number;
      if (options.maxScale !== undefined) out.maxScale = options.maxScale as number;
      if (recordMinMax !== undefined) out.recordMinMax = recordMinMax;
      return { type, options: out };
    }
    default:
      return { type } as AggregationOption;
  }
}
