// Bound instruments (the specification's bound calling convention, a meterkit extension):
// the series is looked up once, at bind time; each measurement then goes straight to it.
// A bound series is pinned: it survives collections, including delta ones, until unbind().
import type { Attributes } from '@opentelemetry/api';
import { Accumulation } from '../aggregators/accumulation';
import { isFiniteNumber, isNonNegativeNumber, type MeasurementCheck } from './measurement-check';
import type { SyncInstrumentState } from './sync-instrument-state';
import type { PinnedSeries } from '../state/series-table';

/** A Counter bound to one attribute set by `bind(attributes)`: `add(value)` records with no attribute lookup. */
export interface BoundCounter {
  /** Adds `value` to the bound series, with no attribute lookup. */
  add(value: number): void;
  /** Releases the series; later measurements through this handle are ignored. */
  unbind(): void;
}
/** An UpDownCounter bound to one attribute set by `bind(attributes)`. */
export type BoundUpDownCounter = BoundCounter;
/** A Histogram bound to one attribute set by `bind(attributes)`: `record(value)` records with no attribute lookup. */
export interface BoundHistogram {
  /** Records `value` on the bound series, with no attribute lookup. */
  record(value: number): void;
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

  constructor(state: SyncInstrumentState, attributes: Attributes | undefined, protected readonly check: MeasurementCheck) {
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

  protected write(value: number): void {
    if (this.isInt && value % 1 !== 0) value = this.check.truncate(value);
    this.first.record(value);
    const rest = this.rest;
    for (let i = 0; i < rest.length; i++) rest[i].record(value);
  }

  unbind(): void {
    for (const pinned of this.parked) pinned.parked = false; // the table forgets them
    this.parked = [];
    for (const series of [this.first, ...this.rest]) if (series !== DETACHED) series.pins--;
    this.first = DETACHED;
    this.rest = [];
  }
}

export class BoundCounterHandle extends BoundHandle implements BoundCounter {
  add(value: number): void {
    if (!isNonNegativeNumber(value)) return this.check.reject(value);
    this.write(value);
  }
}

export class BoundUpDownCounterHandle extends BoundHandle implements BoundUpDownCounter {
  add(value: number): void {
    if (!isFiniteNumber(value)) return this.check.reject(value);
    this.write(value);
  }
}

export class BoundHistogramHandle extends BoundHandle implements BoundHistogram {
  record(value: number): void {
    if (!isNonNegativeNumber(value)) return this.check.reject(value);
    this.write(value);
  }
}

export class BoundGaugeHandle extends BoundHandle implements BoundGauge {
  record(value: number): void {
    if (!isFiniteNumber(value)) return this.check.reject(value);
    this.write(value);
  }
}
