import { DataPointType } from '../data/metric-data';
import type { Aggregator } from './aggregator';
import { Accumulation } from './accumulation';

export class SumAccumulation extends Accumulation {
  value = 0;
  record(value: number): void {
    this.value += value;
    this.updated = true;
  }
}

/** Arithmetic sum. Monotonic for Counter, ObservableCounter and Histogram instruments. */
export class SumAggregator implements Aggregator<SumAccumulation> {
  readonly dataPointType = DataPointType.SUM;

  constructor(readonly monotonic: boolean) {}

  createAccumulation(): SumAccumulation {
    return new SumAccumulation();
  }
  merge(into: SumAccumulation, from: SumAccumulation): void {
    into.value += from.value;
  }
  copy(from: SumAccumulation): SumAccumulation {
    const acc = new SumAccumulation();
    acc.value = from.value;
    return acc;
  }
  reset(acc: SumAccumulation): void {
    acc.value = 0;
  }
  diff(previous: SumAccumulation, current: SumAccumulation): SumAccumulation {
    const acc = new SumAccumulation();
    acc.value = current.value - previous.value;
    return acc;
  }
  toPointValue(acc: SumAccumulation): number {
    return acc.value;
  }
}
