// The Accumulator of a synchronous stream for one reader (or for several cumulative
// readers with the same configuration, which only ever read it). `collect` is the
// synchronized move: delta streams hand out their state and reset it, then forget the
// series (each interval starts empty); cumulative streams are read in place.
// Exemplars: a measurement the exemplar filter let through is offered to its series'
// reservoir after the lookup (exemplar/series-exemplars.ts); every collected point carries
// the series' exemplars, an empty array when it has none.
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricData } from '../data/metric-data';
import type { Accumulation, PointValue } from '../aggregators/aggregator';
import { SeriesTable, type PinnedSeries } from './series-table';
import { toMetricData, type StreamConfig } from './stream';
import { SeriesExemplars } from '../exemplar/series-exemplars';
import type { Exemplar } from '../data/exemplar';
import { defaultExemplarReservoir, streamReservoirContext } from '../exemplar/default-reservoir';

/**
 * The `exemplars` of every point of a stream that never got an exemplar: one shared, frozen
 * empty array. A fresh `[]` per point made collecting 100k series allocate 100k more objects
 * and measurably slower (bench: longest event-loop block); points are read-only data.
 */
const NO_EXEMPLARS = Object.freeze([]) as unknown as Exemplar[];

export class SyncAccumulator {
  private readonly table: SeriesTable<Accumulation>;
  /** End of the previous collection: where the next delta interval starts. */
  private lastCollection: HrTime;
  /** Reservoirs of the series that were offered exemplars; created with the first one. */
  private exemplars: SeriesExemplars | undefined;

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
   * The exemplar path: records like `record`, then offers the measurement to the series'
   * reservoir. `timestamp` and `ctx` are read once per measurement by the instrument.
   */
  recordSampled(value: number, attributes: Attributes | undefined, timestamp: HrTime, ctx: Context): void {
    const series = this.table.lookup(attributes);
    series.record(value);
    this.offer(series, value, attributes, timestamp, ctx);
  }

  /** Offers a measurement already recorded on `series` (bound handles) to its reservoir. Never throws. */
  offer(series: Accumulation, value: number, attributes: Attributes | undefined, timestamp: HrTime, ctx: Context): void {
    (this.exemplars ??= this.createExemplars()).offer(series, value, timestamp, attributes, ctx);
  }

  private createExemplars(): SeriesExemplars {
    const { instrument, aggregator, exemplarReservoir, descriptor } = this.stream;
    return new SeriesExemplars(exemplarReservoir ?? defaultExemplarReservoir, streamReservoirContext(instrument, aggregator), descriptor.name);
  }

  /**
   * The series of `attributes`, pinned so that it outlives collections (bound instruments).
   * `moveTo` is called if the series was the overflow one and a delta collection later
   * finds room for the set.
   */
  pin(attributes: Attributes | undefined, moveTo: (series: Accumulation) => void): PinnedSeries<Accumulation> {
    return this.table.pin(attributes, moveTo);
  }

  /** Releases a pin taken by `pin` (the handle was unbound). */
  unpin(series: Accumulation): void {
    this.table.unpin(series);
  }

  collect(now: HrTime): MetricData | undefined {
    const { aggregator, temporality } = this.stream;
    const exemplars = this.exemplars;
    const points: DataPoint<PointValue>[] = [];
    if (temporality === AggregationTemporality.DELTA) {
      const startTime = this.lastCollection;
      this.table.forEach((series) => {
        if (!series.updated) return;
        points.push({
          startTime,
          endTime: now,
          attributes: series.attributes,
          value: aggregator.toPointValue(series),
          exemplars: exemplars === undefined ? NO_EXEMPLARS : exemplars.collect(series, false),
        });
        aggregator.reset(series);
        series.updated = false;
      });
      this.table.forgetUnpinned();
      exemplars?.clear();
    } else {
      this.table.forEach((series) => {
        if (!series.updated) return;
        points.push({
          startTime: series.startTime,
          endTime: now,
          attributes: series.attributes,
          value: aggregator.toPointValue(series),
          // The newest exemplars of the series (see exemplar/series-exemplars.ts).
          exemplars: exemplars === undefined ? NO_EXEMPLARS : exemplars.collect(series, true),
        });
      });
    }
    this.lastCollection = now;
    return toMetricData(this.stream, points);
  }
}
