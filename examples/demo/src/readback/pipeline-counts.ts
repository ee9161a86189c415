// What the demo reads back from one backend, in a form every backend can fill in.

/** A merged explicit-bucket histogram: `counts[i]` counts values in (bounds[i-1], bounds[i]], one more count than bounds. */
export interface BucketHistogram {
  bounds: number[];
  counts: number[];
  min?: number;
  max?: number;
}

/** An exemplar read back: the trace behind one measurement, and its value. */
export interface ReadExemplar {
  traceId: string;
  spanId: string;
  /** The measured latency, in seconds. */
  valueSeconds: number;
}

/** A bucket as a range of values: (lower, upper]; `upper` is Infinity for the +Inf bucket. */
export interface BucketRange {
  lower: number;
  upper: number;
}

/** The slowest bucket that holds any request, or undefined for an empty histogram. */
export function slowestBucket(histogram: BucketHistogram | undefined): BucketRange | undefined {
  if (histogram === undefined) return undefined;
  for (let i = histogram.counts.length - 1; i >= 0; i--) {
    if (histogram.counts[i]! > 0) {
      return { lower: i === 0 ? -Infinity : histogram.bounds[i - 1]!, upper: i < histogram.bounds.length ? histogram.bounds[i]! : Infinity };
    }
  }
  return undefined;
}

/** The bucket of `histogram` that holds `value`. */
export function bucketOf(value: number, histogram: BucketHistogram): BucketRange {
  const i = histogram.bounds.findIndex((bound) => value <= bound);
  if (i < 0) return { lower: histogram.bounds[histogram.bounds.length - 1] ?? -Infinity, upper: Infinity };
  return { lower: i === 0 ? -Infinity : histogram.bounds[i - 1]!, upper: histogram.bounds[i]! };
}

/** Of several candidates, the exemplar with the largest value (the slowest request seen). */
export function largest(exemplars: ReadExemplar[]): ReadExemplar | undefined {
  return exemplars.reduce<ReadExemplar | undefined>((best, e) => (best === undefined || e.valueSeconds > best.valueSeconds ? e : best), undefined);
}

export interface PipelineCounts {
  /** `request_count` summed over every series, by `http.response.status_code`. */
  requestsByStatus: Map<number, number>;
  /** `error_rate` summed over every series. */
  errors: number;
  /** `http.server.request.duration` merged over every series, in seconds. */
  durationSeconds?: BucketHistogram;
  /** The `http.server.request.duration` exemplar with the largest value the backend holds (with a trace id). */
  slowestExemplar?: ReadExemplar;
}

export function emptyCounts(): PipelineCounts {
  return { requestsByStatus: new Map(), errors: 0 };
}

export function addTo(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Adds histogram `b` into `a` (same bounds), or returns `b` when `a` is empty. */
export function mergeHistograms(a: BucketHistogram | undefined, b: BucketHistogram): BucketHistogram {
  if (a === undefined) return { bounds: [...b.bounds], counts: [...b.counts], min: b.min, max: b.max };
  if (a.bounds.length !== b.bounds.length || a.bounds.some((bound, i) => bound !== b.bounds[i])) {
    throw new Error(`cannot merge histograms with different bounds [${a.bounds}] and [${b.bounds}]`);
  }
  return {
    bounds: a.bounds,
    counts: a.counts.map((count, i) => count + b.counts[i]),
    min: a.min === undefined ? b.min : b.min === undefined ? a.min : Math.min(a.min, b.min),
    max: a.max === undefined ? b.max : b.max === undefined ? a.max : Math.max(a.max, b.max),
  };
}
