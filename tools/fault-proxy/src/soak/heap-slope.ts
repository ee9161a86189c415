// Least-squares slope of heap samples, in MB per minute: a leak shows as a steady positive
// slope, while a bounded heap hovers around zero once warmed up.

/** Samples are [milliseconds since start, heap bytes]; those before `skipMillis` are warm-up. */
export function heapSlopeMBPerMinute(samples: ReadonlyArray<readonly [number, number]>, skipMillis: number): number {
  const points = samples.filter(([t]) => t >= skipMillis);
  if (points.length < 2) return NaN;
  const n = points.length;
  const meanT = points.reduce((s, [t]) => s + t, 0) / n;
  const meanB = points.reduce((s, [, b]) => s + b, 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, b] of points) {
    num += (t - meanT) * (b - meanB);
    den += (t - meanT) ** 2;
  }
  const bytesPerMilli = den === 0 ? 0 : num / den;
  return (bytesPerMilli * 60_000) / 2 ** 20;
}
