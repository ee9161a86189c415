// The Accumulator of a synchronous stream for one reader (or for several cumulative
// readers with the same configuration, which only ever read it). `collect` is the
// synchronized move: delta streams hand out their state and reset it, then forget the
// series (each interval starts empty); cumulative streams are read in place.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricData } from '../data/metric-data';
import type { Accumulation, PointValue } from '../aggregators/aggregator';
import { SeriesTable, type PinnedSeries } from './series-table';
import { toMetricData, type StreamConfig } from './stream';

export class SyncAccumulator {
  private readonly table: SeriesTable<Accumulation>;
  /** End of the previous collection: where the next delta interval starts. */
  private lastCollection: HrTime;

  constructor(
    readonly stream: StreamConfig,
    createdAt: HrTime,
    onInvalidAttributes: (message: string) => void,
  ) {
    this.lastCollection = createdAt;
    this.table = new SeriesTable({
      createAccumulation: () => stream.aggregator.createAccumulation(),
      cardinalityLimit: stream.cardinalityLimit,
      attributesProcessor: stream.attributesProcessor,
      onInvalidAttributes,
    });
  }

  /** Hot path. */
  record(value: number, attributes: Attributes | undefined): void {
    this.table.lookup(attributes).record(value);
  }

  /**
   * The series of `attributes`, pinned so that it outlives collections (bound instruments).
   * `moveTo` is called if the series was the overflow one and a delta collection later
   * finds room for the set.
   */
  pin(attributes: Attributes | undefined, moveTo: (series: Accumulation) => void): PinnedSeries<Accumulation> {
    return this.table.pin(attributes, moveTo);
  }

  collect(now: HrTime): MetricData | undefined {
    const { aggregator, temporality } = this.stream;
    const points: DataPoint<PointValue>[] = [];
    if (temporality === AggregationTemporality.DELTA) {
      const startTime = this.lastCollection;
      this.table.forEach((series) => {
        if (!series.updated) return;
        points.push({ startTime, endTime: now, attributes: series.attributes, value: aggregator.toPointValue(series) });
        aggregator.reset(series);
        series.updated = false;
      });
      this.table.forgetUnpinned();
    } else {
      this.table.forEach((series) => {
        if (!series.updated) return;
        points.push({ startTime: series.startTime, endTime: now, attributes: series.attributes, value: aggregator.toPointValue(series) });
      });
    }
    this.lastCollection = now;
    return toMetricData(this.stream, points);
  }
}
