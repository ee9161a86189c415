// Keeping the shapes of per-scrape objects alive. Objects made once per metric or family on
// every scrape (MetricNames, Family, the text writer's SampleHead) have their shape (V8 map)
// checked by the optimised code of the per-point loops. V8 holds such a shape only weakly:
// when a GC finds no object of it left (the last scrape's are garbage by then), it frees the
// shape and discards every optimised function that checks it ("weak objects" in
// --trace-deopt), and the next scrape runs its 10k-point loops unoptimised until V8 compiles
// them again. Measured while a reader warms up with a forced GC before every other scrape
// (as the bench does): scrapes of 10k counters alternating ~30 ms and ~8 ms for a dozen
// scrapes; with the shapes kept, ~8 ms from the fourth. A class alone does not help (its
// instances' final shape hangs off the class weakly too); one instance kept does.
// Invariant: the kept instances are never modified, and there is one per shape (a few).

const kept: unknown[] = [];

/** Keeps `instance`, and with it its shape, for the life of the module; returns it. */
export function keepShape<T>(instance: T): T {
  kept.push(instance);
  return instance;
}
