// The one validator of explicit bucket boundaries, used by the core (advice, views'
// aggregation options) and by @meterkit/views, so that both accept exactly the same lists.
// Boundaries must be finite: the first and last buckets already reach -Inf and +Inf, and an
// infinite bound makes exporters emit a second `le="+Inf"` bucket (Prometheus then rejects
// the scrape).

/** What is wrong with a list of bucket boundaries, as {@link findBoundariesProblem} reports it. */
export interface BoundariesProblem {
  /** TypeError for a value of the wrong type, RangeError for a number out of place. */
  readonly errorType: 'TypeError' | 'RangeError';
  /** The rule broken, to follow the name of the option: "must be strictly increasing". */
  readonly rule: string;
  /** Which element and why, or '' when the whole value is wrong. */
  readonly detail: string;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** The first problem of `boundaries`, or undefined when it is a valid list. */
export function findBoundariesProblem(boundaries: unknown): BoundariesProblem | undefined {
  if (!Array.isArray(boundaries)) {
    return { errorType: 'TypeError', rule: 'must be an array of numbers', detail: `got ${show(boundaries)}` };
  }
  for (let i = 0; i < boundaries.length; i++) {
    const b: unknown = boundaries[i];
    if (typeof b !== 'number' || Number.isNaN(b)) {
      return { errorType: 'TypeError', rule: 'must contain only numbers', detail: `element ${i} is ${show(b)}` };
    }
    if (!Number.isFinite(b)) {
      return { errorType: 'RangeError', rule: 'must contain finite numbers', detail: `element ${i} is ${b}` };
    }
    if (i > 0 && !(b > (boundaries[i - 1] as number))) {
      return {
        errorType: 'RangeError',
        rule: 'must be strictly increasing',
        detail: `element ${i} (${b}) is not greater than element ${i - 1} (${boundaries[i - 1] as number})`,
      };
    }
  }
  return undefined;
}

/** Checks explicit bucket boundaries: finite numbers, strictly increasing. Returns an error message or undefined. */
export function checkBoundaries(boundaries: unknown): string | undefined {
  const problem = findBoundariesProblem(boundaries);
  return problem === undefined ? undefined : `boundaries ${problem.rule}; ${problem.detail}`;
}
