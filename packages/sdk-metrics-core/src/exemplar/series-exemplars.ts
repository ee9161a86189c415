// The exemplar reservoirs of one accumulator's series. Reservoirs live beside the series, not
// in them: a series gets a reservoir only when the exemplar filter first lets one of its
// measurements through, so a series without exemplars costs exactly what it did before
// (no field, no slot). A reservoir is looked up only on the exemplar path and at collection.
//
// Invariants: at most one reservoir per series the table holds (delta streams drop them all
// at each collection, with the series; cumulative series are never forgotten), so the memory
// is bounded by the cardinality limit times the reservoir size (plus, for cumulative streams,
// the last exemplars reported per series).
//
// Collection: the reservoir's collect() hands out what it kept and resets its sampling (the
// specification: stateful sampling resets every collection cycle). A delta point carries
// exactly those exemplars. A cumulative point carries them too, and when the series got no
// new exemplar since the previous collection it carries the last ones again (they still lie
// within the cumulative point's time range): cumulative accumulators are shared by the
// readers that configure them alike, and without this each reader would see only the
// exemplars offered since ANY reader last collected. Nothing a reservoir or its
// factory does can throw out of here: a failure loses exemplars, never the measurement.
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import type { Exemplar } from '../data/exemplar';
import type { Accumulation } from '../aggregators/accumulation';
import { RateLimitedDiag } from '../util/rate-limited-diag';
import type { ExemplarReservoir, ExemplarReservoirFactory } from './exemplar-reservoir';
import type { StreamReservoirContext } from './default-reservoir';

const NO_ATTRIBUTES: Attributes = Object.freeze({});

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Entry {
  readonly reservoir: ExemplarReservoir;
  /** Cumulative streams: the exemplars last reported (empty until the first). */
  last: Exemplar[];
}

const NONE: Exemplar[] = [];

export class SeriesExemplars {
  private readonly reservoirs = new Map<Accumulation, Entry>();
  private readonly failures = new RateLimitedDiag();

  constructor(
    private readonly factory: ExemplarReservoirFactory,
    private readonly stream: StreamReservoirContext,
    /** Stream name, for diagnostics. */
    private readonly name: string,
  ) {}

  /** Offers a measurement of `series` that passed the exemplar filter. Never throws. */
  offer(series: Accumulation, value: number, timestamp: HrTime, attributes: Attributes | undefined, ctx: Context): void {
    let entry = this.reservoirs.get(series);
    try {
      if (entry === undefined) {
        const reservoir = this.create(series);
        if (reservoir === undefined) return;
        entry = { reservoir, last: NONE };
        this.reservoirs.set(series, entry);
      }
      entry.reservoir.offer(value, timestamp, attributes ?? NO_ATTRIBUTES, ctx);
    } catch (error) {
      this.failures.warn(`Stream "${this.name}": exemplar reservoir threw on offer (${reason(error)}); the exemplar is dropped, the measurement is recorded`);
    }
  }

  /**
   * The exemplars of `series` for its point (a new array, empty when it has none) — the
   * reservoir resets itself. `cumulative`: when the reservoir has nothing new, the exemplars
   * reported last time (see the header). Never throws; what is not an exemplar is dropped.
   */
  collect(series: Accumulation, cumulative: boolean): Exemplar[] {
    if (this.reservoirs.size === 0) return [];
    const entry = this.reservoirs.get(series);
    if (entry === undefined) return [];
    const fresh = this.collectFrom(entry.reservoir, series);
    if (!cumulative) return fresh;
    if (fresh.length > 0) entry.last = fresh;
    return entry.last.slice();
  }

  private collectFrom(reservoir: ExemplarReservoir, series: Accumulation): Exemplar[] {
    let collected: unknown;
    try {
      collected = reservoir.collect(series.attributes);
    } catch (error) {
      this.failures.warn(`Stream "${this.name}": exemplar reservoir threw on collect (${reason(error)}); the point is exported without exemplars`);
      return [];
    }
    if (!Array.isArray(collected)) return [];
    const exemplars: Exemplar[] = [];
    for (const e of collected as unknown[]) if (isExemplar(e)) exemplars.push(e);
    if (exemplars.length !== collected.length) {
      this.failures.warn(`Stream "${this.name}": the exemplar reservoir returned ${collected.length - exemplars.length} malformed exemplar(s); dropped`);
    }
    return exemplars;
  }

  /** Delta streams, after a collection: the series are forgotten, and so are their reservoirs. */
  clear(): void {
    this.reservoirs.clear();
  }

  private create(series: Accumulation): ExemplarReservoir | undefined {
    const reservoir: unknown = this.factory({ ...this.stream, pointAttributes: series.attributes });
    const r = reservoir as Partial<ExemplarReservoir> | null | undefined;
    if (typeof r?.offer !== 'function' || typeof r.collect !== 'function') {
      this.failures.warn(`Stream "${this.name}": the exemplar reservoir factory returned no reservoir (offer and collect); the exemplar is dropped`);
      return undefined;
    }
    return r as ExemplarReservoir;
  }
}

/** The shape an exported exemplar must have for exporters to read it. */
function isExemplar(e: unknown): e is Exemplar {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Partial<Exemplar>;
  return (
    typeof x.value === 'number' &&
    Array.isArray(x.timestamp) &&
    x.timestamp.length === 2 &&
    typeof x.filteredAttributes === 'object' &&
    x.filteredAttributes !== null
  );
}
