// The sum aggregation: Counter, UpDownCounter and their observable forms by default.
import { DataPointType, type AggregationTemporality, type DataPoint, type MetricData, type MetricDescriptor } from '../data/metric-data';
import type { Aggregator, PointValue } from './aggregator';
import { Accumulation } from './accumulation';

/** The running sum of one series. */
export class SumAccumulation extends Accumulation {
  value = 0;
  protected aggregate(value: number): void {
    this.value += value;
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
  /** A monotonic sum that went down: the observed counter was reset (process restart, counter wrap). */
  isReset(previous: SumAccumulation, current: SumAccumulation): boolean {
    return this.monotonic && current.value < previous.value;
  }
  toPointValue(acc: SumAccumulation): number {
    return acc.value;
  }
  /** Sums are the only points that carry monotonicity. */
  toMetricData(descriptor: MetricDescriptor, aggregationTemporality: AggregationTemporality, dataPoints: DataPoint<PointValue>[]): MetricData {
    return { descriptor, aggregationTemporality, dataPointType: DataPointType.SUM, dataPoints: dataPoints as DataPoint<number>[], isMonotonic: this.monotonic };
  }
}
