// What the demo reads back from one backend, in a form every backend can fill in.

/** A merged explicit-bucket histogram: `counts[i]` counts values in (bounds[i-1], bounds[i]], one more count than bounds. */
export interface BucketHistogram {
  bounds: number[];
  counts: number[];
  min?: number;
  max?: number;
}

export interface PipelineCounts {
  /** `request_count` summed over every series, by `http.response.status_code`. */
  requestsByStatus: Map<number, number>;
  /** `error_rate` summed over every series. */
  errors: number;
  /** `http.server.request.duration` merged over every series, in seconds. */
  durationSeconds?: BucketHistogram;
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
