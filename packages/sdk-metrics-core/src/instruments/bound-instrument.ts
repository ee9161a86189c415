// Bound instruments (the specification's bound calling convention, a meterkit extension):
// the series is looked up once, at bind time; each measurement then goes straight to it.
// A bound series is pinned: it survives collections, including delta ones, until unbind().
// Measurements through a handle are exemplar candidates like unbound ones (specification,
// "Instrument bind"): the same filter on the context passed (else the active one), then an
// offer to the bound series' reservoir with the attributes as bound.
import type { Attributes, Context } from '@opentelemetry/api';
import { clockNow } from '../util/clock';
import { Accumulation } from '../aggregators/accumulation';
import { isFiniteNumber, isNonNegativeNumber, type MeasurementCheck } from './measurement-check';
import type { SyncInstrumentState } from './sync-instrument-state';
import type { PinnedSeries } from '../state/series-table';
import type { SyncAccumulator } from '../state/sync-accumulator';
import { FILTER_OFF, mayPass, passingContext, type FilterMode } from '../exemplar/exemplar-filter';

/** A Counter bound to one attribute set by `bind(attributes)`: `add(value)` records with no attribute lookup. */
export interface BoundCounter {
  /**
   * Adds `value` to the bound series, with no attribute lookup. `context` (default: the active
   * one) decides, as for `Counter.add`, whether the measurement may become an exemplar.
   */
  add(value: number, context?: Context): void;
  /** Releases the series; later measurements through this handle are ignored. */
  unbind(): void;
}
/** An UpDownCounter bound to one attribute set by `bind(attributes)`. */
export type BoundUpDownCounter = BoundCounter;
/** A Histogram bound to one attribute set by `bind(attributes)`: `record(value)` records with no attribute lookup. */
export interface BoundHistogram {
  /**
   * Records `value` on the bound series, with no attribute lookup. `context` (default: the
   * active one) decides, as for `Histogram.record`, whether the measurement may become an exemplar.
   */
  record(value: number, context?: Context): void;
  /** Releases the series; later measurements through this handle are ignored. */
  unbind(): void;
}
/** A Gauge bound to one attribute set by `bind(attributes)`. */
export type BoundGauge = BoundHistogram;

/** Where an unbound handle writes: nowhere. */
class Detached extends Accumulation {
  override record(): void {}
  protected aggregate(): void {}
}
const DETACHED = new Detached();

abstract class BoundHandle {
  /** The series of the first accumulator (almost always the only one), then the others. */
  private first: Accumulation;
  private rest: Accumulation[];
  /** Pins parked on an overflow series, waiting for room (see SeriesTable.pin). */
  private parked: PinnedSeries[] = [];
  protected readonly isInt: boolean;
  protected readonly check: MeasurementCheck;
  private readonly exemplarMode: FilterMode;
  /** The accumulator of each series (first, then rest), for exemplar offers. */
  private readonly writers: readonly SyncAccumulator[];
  /** A copy of the attributes as bound, offered with exemplars (their filtered attributes). */
  private readonly attributes: Attributes | undefined;

  constructor(state: SyncInstrumentState, attributes: Attributes | undefined) {
    const check = state.check;
    this.check = check;
    this.exemplarMode = state.exemplarMode;
    this.writers = state.writers.slice();
    this.attributes = attributes == null || state.exemplarMode === FILTER_OFF ? undefined : { ...attributes };
    const all: Accumulation[] = [];
    state.writers.forEach((writer, i) => {
      // A view's attribute processor may throw: the handle then records nothing there.
      let pinned: PinnedSeries;
      try {
        pinned = writer.pin(attributes, (series) => this.moveTo(i, series));
      } catch (error) {
        check.failed(error);
        all.push(DETACHED);
        return;
      }
      all.push(pinned.series);
      if (pinned.parked) this.parked.push(pinned);
    });
    this.first = all[0] ?? DETACHED;
    this.rest = all.slice(1);
    this.isInt = check.isInt;
  }

  /** Called by a delta collection that found room for a handle bound at the cardinality limit. */
  private moveTo(writerIndex: number, series: Accumulation): void {
    if (writerIndex === 0) this.first = series;
    else this.rest[writerIndex - 1] = series;
  }

  protected write(value: number, context: Context | undefined): void {
    if (this.isInt && value % 1 !== 0) value = this.check.truncate(value);
    this.first.record(value);
    const rest = this.rest;
    for (let i = 0; i < rest.length; i++) rest[i].record(value);
    const mode = this.exemplarMode;
    if (mode !== FILTER_OFF && mayPass(mode, context)) {
      const ctx = passingContext(mode, context);
      if (ctx !== undefined) this.offer(value, ctx);
    }
  }

  /** The exemplar path: one clock read, an offer to each bound series' reservoir (which never throws). */
  private offer(value: number, ctx: Context): void {
    const timestamp = clockNow();
    const writers = this.writers;
    if (this.first !== DETACHED) writers[0].offer(this.first, value, this.attributes, timestamp, ctx);
    const rest = this.rest;
    for (let i = 0; i < rest.length; i++) if (rest[i] !== DETACHED) writers[i + 1].offer(rest[i], value, this.attributes, timestamp, ctx);
  }

  unbind(): void {
    for (const pinned of this.parked) pinned.parked = false; // the table forgets them
    this.parked = [];
    // `writers` and [first, ...rest] are in the same order (one series per accumulator).
    [this.first, ...this.rest].forEach((series, i) => {
      if (series !== DETACHED) this.writers[i].unpin(series);
    });
    this.first = DETACHED;
    this.rest = [];
  }
}

export class BoundCounterHandle extends BoundHandle implements BoundCounter {
  add(value: number, context?: Context): void {
    if (!isNonNegativeNumber(value)) return this.check.reject(value);
    this.write(value, context);
  }
}

export class BoundUpDownCounterHandle extends BoundHandle implements BoundUpDownCounter {
  add(value: number, context?: Context): void {
    if (!isFiniteNumber(value)) return this.check.reject(value);
    this.write(value, context);
  }
}

export class BoundHistogramHandle extends BoundHandle implements BoundHistogram {
  record(value: number, context?: Context): void {
    if (!isNonNegativeNumber(value)) return this.check.reject(value);
    this.write(value, context);
  }
}

export class BoundGaugeHandle extends BoundHandle implements BoundGauge {
  record(value: number, context?: Context): void {
    if (!isFiniteNumber(value)) return this.check.reject(value);
    this.write(value, context);
  }
}
