// The attribute sets one instrument observed in one collection of one reader, each with the
// last value observed for it, in the order of their first observation (the order the
// streams see them, which decides the cardinality limit). It outlives the collection: a set
// observed again next time is found by the series table's lookup (the object itself if the
// callback reuses it, else the hash of its values) instead of being copied again, and the
// streams then get the same entry: those without an attributes processor find their series
// through its `link` (async-accumulator.ts) and share its stored set, those with one look the
// stored set up in their own tables (by identity). Memory: the sets of the latest collection
// only; the others are forgotten when it ends.
// One collection at a time: while one holds it (`inUse`), an overlapping collection of the
// same reader gets a transient instance of its own (ObservableInstrument.acquireObservedSets),
// whose entries link to nothing and are dropped with it.
import type { Attributes } from '@opentelemetry/api';
import { LastValueAccumulation } from '../aggregators/last-value';
import type { Observation } from './async-accumulator';
import { SeriesTable, type AccumulationFactory, type InvalidAttributesReport } from './series-table';

const NO_OBSERVATIONS: LastValueAccumulation[] = [];

/** Makes the entries of every buffer. */
const ENTRIES: AccumulationFactory<LastValueAccumulation> = { createAccumulation: () => new LastValueAccumulation() };

export class ObservedSets {
  /** Per set, its stored (sanitized, frozen) copy and its last value; `hasValue` marks the sets observed in the current collection. */
  private readonly table: SeriesTable<LastValueAccumulation>;
  /**
   * The sets observed in the current collection, in the order of their first observation;
   * between collections the shared empty NO_OBSERVATIONS (never written), not an array each.
   */
  private order: LastValueAccumulation[] = NO_OBSERVATIONS;
  /** Held by a collection (see the header). */
  inUse = false;

  constructor(
    reports: InvalidAttributesReport,
    /** Made for one collection only (another one held the reader's kept buffer). */
    readonly transient = false,
  ) {
    this.table = new SeriesTable({
      factory: ENTRIES,
      cardinalityLimit: Infinity, // one collection's sets: the streams apply their limits
      reports,
    });
  }

  /** Records one observation; the last one of a set wins, at the position of its first. Throws what reading `attributes` throws. */
  observe(value: number, attributes: Attributes | undefined): void {
    const set = this.table.lookup(attributes);
    if (!set.hasValue) {
      if (this.order === NO_OBSERVATIONS) this.order = [set];
      else this.order.push(set);
    }
    set.record(value);
  }

  /** The sets observed so far, each once (LastValueAccumulation has `attributes` and `value`). */
  observations(): readonly Observation[] {
    return this.order;
  }

  /** The collection is over: the sets it did not observe are forgotten, the others wait for the next one. */
  endCollection(): void {
    this.table.retain((set) => set.hasValue);
    const observed = this.order;
    for (let i = 0; i < observed.length; i++) observed[i].hasValue = false;
    this.order = NO_OBSERVATIONS;
  }
}
