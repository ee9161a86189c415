// Bound instruments (the specification's bound calling convention, a meterkit extension):
// the series is looked up once, at bind time; each measurement then goes straight to it.
// A bound series is pinned: it survives collections, including delta ones, until unbind().
import type { Attributes } from '@opentelemetry/api';
import type { Series } from '../state/series';
import type { SyncInstrumentState } from './sync-instrument-state';

export interface BoundCounter {
  add(value: number): void;
  /** Releases the series; the handle must not be used afterwards. */
  unbind(): void;
}
export type BoundUpDownCounter = BoundCounter;
export interface BoundHistogram {
  record(value: number): void;
  unbind(): void;
}
export type BoundGauge = BoundHistogram;

export class BoundSeries {
  private readonly series: Series[];
  private released = false;

  constructor(private readonly state: SyncInstrumentState, attributes: Attributes | undefined) {
    this.series = state.writers.map((writer) => writer.pin(attributes));
  }

  /** Records a value that already passed the instrument's checks. */
  write(value: number): void {
    if (this.state.disabled || this.released) return;
    const series = this.series;
    for (let i = 0; i < series.length; i++) series[i].record(value);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    for (const s of this.series) s.pins--;
  }
}
