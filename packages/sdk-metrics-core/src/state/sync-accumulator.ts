// The Accumulator of a synchronous stream for one reader (or for several cumulative
// readers with the same configuration, which only ever read it). `collect` is the
// synchronized move: delta streams hand out their state and reset it, then forget the
// series (each interval starts empty); cumulative streams are read in place.
// Exemplars: a measurement the exemplar filter let through is offered to its series'
// reservoir after the lookup (exemplar/series-exemplars.ts); every collected point carries
// the series' exemplars, an empty array when it has none.
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import { AggregationTemporality } from '../data/metric-data';
import type { Accumulation } from '../aggregators/aggregator';
import { SeriesTable, type PinnedSeries } from './series-table';
import type { StreamConfig } from './stream';
import { PendingPoints } from './pending-points';
import { SeriesExemplars } from '../exemplar/series-exemplars';
import { defaultExemplarReservoir, streamReservoirContext } from '../exemplar/default-reservoir';

export class SyncAccumulator {
  private readonly table: SeriesTable<Accumulation>;
  /** End of the previous collection: where the next delta interval starts. */
  private lastCollection: HrTime;
  /** Reservoirs of the series that were offered exemplars; created with the first one. */
  private exemplars: SeriesExemplars | undefined;
  /** Points of the previous collection: the expected size of the next one. */
  private lastCount = 0;

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

  /**
   * The synchronized move, at once: every updated series is read (a delta stream's are then
   * reset and forgotten); the point objects are built afterwards (PendingPoints), in chunks
   * the collector paces.
   */
  collect(now: HrTime): PendingPoints {
    const { aggregator, temporality } = this.stream;
    const exemplars = this.exemplars;
    if (temporality === AggregationTemporality.DELTA) {
      const pending = new PendingPoints(this.stream, this.lastCollection, now, exemplars !== undefined, this.lastCount);
      this.table.forEach((series) => {
        if (!series.updated) return;
        pending.add(series, aggregator.toPointValue(series), exemplars?.collect(series, false));
        aggregator.reset(series);
        series.updated = false;
      });
      this.table.forgetUnpinned();
      exemplars?.clear();
      this.lastCollection = now;
      this.lastCount = pending.seal();
      return pending;
    }
    const pending = new PendingPoints(this.stream, undefined, now, exemplars !== undefined, this.lastCount);
    this.table.forEach((series) => {
      if (!series.updated) return;
      // The newest exemplars of the series (see exemplar/series-exemplars.ts).
      pending.add(series, aggregator.toPointValue(series), exemplars?.collect(series, true));
    });
    this.lastCollection = now;
    this.lastCount = pending.seal();
    return pending;
  }
}
