// Forced garbage collection, available when node runs with --expose-gc (the bench script
// passes it). Without it (e.g. under jest) memory figures are marked as unreliable. Also
// the record of GC pauses during timed windows: collection and export rows report how much
// of each implementation's figure was spent in GC, so garbage that lands in the wrong
// implementation's sample can be seen rather than guessed.
import { PerformanceObserver, performance } from 'node:perf_hooks';

/** Two full collections when node runs with --expose-gc; nothing otherwise. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  // Two passes: the first may only move survivors; weak references and finalizers settle in the second.
  gc();
  gc();
}

/** Whether node runs with --expose-gc. */
export const gcAvailable = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** One GC pause, in `performance.now()` milliseconds. */
export interface GcPause {
  start: number;
  end: number;
}

/**
 * Milliseconds of the pauses that fall inside [from, to] (the overlapping part of a pause
 * that straddles an edge counts). Pauses are disjoint (GC stops the one JS thread).
 */
export function pauseWithin(pauses: readonly GcPause[], from: number, to: number): number {
  let ms = 0;
  for (const p of pauses) {
    const overlap = Math.min(p.end, to) - Math.max(p.start, from);
    if (overlap > 0) ms += overlap;
  }
  return ms;
}

/** Records every GC pause between start() and stop() ('gc' performance entries). */
export class GcPauseRecorder {
  readonly pauses: GcPause[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops recording; entries are delivered asynchronously, so this waits two turns first. */
  async stop(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    this.observer.disconnect();
  }

  /** The clock of the pauses, for the edges of the windows passed to pauseWithin. */
  static now(): number {
    return performance.now();
  }
}
