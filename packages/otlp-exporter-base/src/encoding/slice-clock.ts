// Cooperative slicing of long encodings: the encoder works in chunks of points and, once a
// slice has run for `sliceMillis`, gives the event loop a turn (setImmediate) before going on,
// so timers, I/O and other requests are not held up by one big export.
import { performance } from 'node:perf_hooks';

/**
 * Default longest stretch of encoding without a turn of the event loop: the collection's
 * (sdk-metrics-core util/event-loop-slices.ts). At 10 ms, slices stretched by the machine's
 * load or by page faults on the request's fresh buffer made 20-45 ms blocks on the loaded
 * bench machine (export.event-loop-block); a turn costs far less than a slice.
 */
export const DEFAULT_ENCODING_SLICE_MILLIS = 5;

/** Points encoded between two looks at the clock (a look costs ~40 ns; a chunk ~20-100 µs). */
export const POINTS_PER_CHUNK = 256;

/** Yields from an encoding generator: "a chunk is done; pause here if the slice is over". */
export const CHUNK_DONE = 0;

/** Runs an encoding generator to completion without pausing (small requests, tests). */
export function runToEnd<T>(steps: Generator<number, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs an encoding generator, pausing whenever the current slice has lasted `sliceMillis`. */
export async function runSliced<T>(steps: Generator<number, T>, sliceMillis: number = DEFAULT_ENCODING_SLICE_MILLIS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const now = performance.now();
    if (now - sliceStart >= sliceMillis) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
