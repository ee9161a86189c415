// The last value aggregation: Gauge and ObservableGauge by default.
import { DataPointType } from '../data/metric-data';
import type { Aggregator } from './aggregator';
import { Accumulation } from './accumulation';

/** The last value recorded on one series. */
export class LastValueAccumulation extends Accumulation {
  value = 0;
  /** Whether a value was recorded since the last reset; a merge keeps the newer value only. */
  hasValue = false;
  /**
   * Entries of observable buffers only (state/observed-sets.ts): the series of the streams
   * that read this set (state/async-accumulator.ts). A field here rather than in a subclass:
   * the series tables' lookup, shared by every instrument, then sees one class fewer.
   */
  link: unknown = undefined;
  protected aggregate(value: number): void {
    this.value = value;
    this.hasValue = true;
  }
}

/** The last measurement wins (Gauge, ObservableGauge). */
export class LastValueAggregator implements Aggregator<LastValueAccumulation> {
  readonly dataPointType = DataPointType.GAUGE;

  createAccumulation(): LastValueAccumulation {
    return new LastValueAccumulation();
  }
  merge(into: LastValueAccumulation, from: LastValueAccumulation): void {
    if (from.hasValue) into.record(from.value);
  }
  copy(from: LastValueAccumulation): LastValueAccumulation {
    const acc = new LastValueAccumulation();
    acc.value = from.value;
    acc.hasValue = from.hasValue;
    return acc;
  }
  reset(acc: LastValueAccumulation): void {
    acc.value = 0;
    acc.hasValue = false;
  }
  diff(_previous: LastValueAccumulation, current: LastValueAccumulation): LastValueAccumulation {
    return this.copy(current);
  }
  toPointValue(acc: LastValueAccumulation): number {
    return acc.value;
  }
}
