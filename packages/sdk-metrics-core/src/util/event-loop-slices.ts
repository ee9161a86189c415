// Pacing of long synchronous work that can be done in chunks (building a collection's
// points): the work checks `due()` after each chunk and, once the current slice has run
// SLICE_MILLIS, awaits `pause()`, a turn of the event loop (setImmediate: timers, I/O and
// other requests run) before the next slice. Small collections never reach a pause, so
// they cost no extra turn and settle as before.
// The OTLP exporters pace their encoding the same way and as long (otlp-exporter-base,
// src/encoding/slice-clock.ts); short slices leave room for what lands inside them: the GC
// a collection triggers (it allocates every point), page faults on fresh memory, the load
// of the machine.

/** Longest stretch of a collection's chunked work without a turn of the event loop. */
export const SLICE_MILLIS = 5;

/** Points built between two looks at the clock (a look costs ~50 ns, a chunk ~20-100 µs). */
export const POINTS_PER_CHUNK = 256;

export class EventLoopSlices {
  private sliceStart = performance.now();

  constructor(private readonly sliceMillis: number = SLICE_MILLIS) {}

  /** Whether the current slice has run its time. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMillis;
  }

  /** Gives the event loop a turn, then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
