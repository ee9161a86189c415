// The Accumulator + Processor of an asynchronous stream for one reader. Callbacks report
// cumulative values (or gauges); this turns one collection's observations into data
// points, remembering what the previous collection saw so that delta temporality can be
// derived and start times follow the data model.
//
// Series live as long as the stream (like a synchronous stream's), and a set observed
// again finds its series without being copied or keyed again. How depends on the stream:
//  - without an attributes processor (the common case), an observation is an entry of the
//    reader's buffer (observed-sets.ts), which already holds each set once: the entry links
//    to this stream's series (`link`), so the series is one field away, and the stream
//    keeps no table of its own (a table per stream was about 1.5 KB of every observable
//    instrument). The links are only a cache: a link counts while its series is remembered,
//    and when some remembered series may be linked from no entry of the reader's kept buffer
//    (after an incomplete round, or a collection that had a transient buffer of its own),
//    the sets without a valid link are looked up by value among the remembered series;
//  - with a processor, several sets can become one: a series table of its own finds the
//    processed set's series, as a synchronous stream's does.
// What the data model asks of one collection is kept exact on top of it
// (test/series-model.test.ts checks it against a naive reference):
//  - re-aggregation: a series' accumulation is emptied when the collection first reaches
//    it ("claims" it), then every observation that maps to it is recorded (a view that
//    drops keys sums, or keeps the last of, the observations that become one set);
//  - the cardinality limit prefers the sets observed first in this collection: the first
//    `limit` series claimed get their own points, observations of any other set go to the
//    overflow series, whether that set had a series in an earlier collection or not;
//  - after a complete round, a series that was not observed is forgotten (it restarts with
//    a new start time if it comes back); after an incomplete one (a callback failed), the
//    unobserved ones are kept as they were, up to `limit + 1` series remembered in all,
//    preferring the most recently observed.
// Points carry no exemplars (a shared empty array): the specification ties exemplars to the
// API call of a measurement, and an observation is made by a callback at collection time,
// in no span of the application (the Java and Go SDKs do the same).
import type { Attributes, HrTime } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricData } from '../data/metric-data';
import type { Accumulation, PointValue } from '../aggregators/aggregator';
import { hashAttributes } from './attribute-hash';
import { sameAttributes } from './canonical-attributes';
import { OVERFLOW_ATTRIBUTES, SeriesTable } from './series-table';
import { NO_EXEMPLARS } from './pending-points';
import { toMetricData, type StreamConfig } from './stream';

/**
 * One observation as the round hands it over: a sanitized (frozen, stored) set, the last
 * value observed for it, and the links of the streams that read it (see the header). The
 * same entry comes back in every collection that observes its set, while its buffer keeps it.
 */
export interface Observation {
  readonly attributes: Attributes;
  readonly value: number;
  /**
   * The series of the reader's streams without a processor: the series itself when the
   * reader has one such stream (link slot -1), else an array indexed by link slot.
   */
  link: unknown;
}

/** A series of the stream: its accumulation and what it carries from one collection to the next. */
class AsyncSeries {
  /** The collection that last claimed the series (compared with AsyncAccumulator.round). */
  claimed = 0;
  /** The collection whose `remembered` list holds the series: it is alive while this is the latest one. */
  kept = -1;
  /** Start time of its points (cumulative); undefined until it is first exported. */
  startTime: HrTime | undefined = undefined;
  /** When it was last observed: where its next delta interval starts. */
  observedAt: HrTime | undefined = undefined;
  /**
   * Its value at its previous observation (only kept when the stream needs it: delta
   * temporality or a reset check); the accumulation itself then holds this collection's.
   */
  previous: Accumulation | undefined = undefined;

  constructor(readonly accumulation: Accumulation) {}
}

/** Where a stream reports what its processor could not handle (only streams with a processor use it). */
export interface AsyncDropReports {
  invalidAttributes(message: string): void;
  failed(error: unknown): void;
}

export class AsyncAccumulator {
  /** Streams with an attributes processor only: the processed sets' series, and their state. */
  private readonly table: SeriesTable<Accumulation> | undefined;
  private readonly seriesOf: Map<Accumulation, AsyncSeries> | undefined;
  private overflow: AsyncSeries | undefined;
  /** The series remembered after the last collection, most recently observed first. */
  private remembered: AsyncSeries[] = [];
  /**
   * Streams without a processor: whether some remembered series (the overflow series aside)
   * may be linked from no entry of the reader's kept buffer, so that an entry without a
   * valid link must be looked up by value. False after a complete round of the kept buffer:
   * every series it remembers was claimed through an entry the buffer keeps.
   */
  private unlinked = false;
  /** Collections so far: the stamp of the current one. */
  private round = 0;
  private lastCollection: HrTime;
  /** Whether points need the previous observation of their series. */
  private readonly keepsPrevious: boolean;

  constructor(
    readonly stream: StreamConfig,
    createdAt: HrTime,
    private readonly reports: AsyncDropReports,
    /**
     * Streams without a processor: where this stream's series is in an entry's `link` (-1: it
     * is the reader's only such stream, the link is the series), unique among the reader's
     * streams of the instrument. Ignored with a processor.
     */
    private readonly linkSlot = -1,
  ) {
    this.lastCollection = createdAt;
    const { aggregator, attributesProcessor } = stream;
    this.keepsPrevious = stream.temporality === AggregationTemporality.DELTA || aggregator.isReset !== undefined;
    if (attributesProcessor !== undefined) {
      // No limit in the table itself: the limit counts the series of one collection (see the
      // header), which only this class knows; the table holds at most limit + 1 series
      // between collections, and within one at most those plus the sets it observed.
      this.table = new SeriesTable({ factory: aggregator, cardinalityLimit: Infinity, attributesProcessor, reports });
      this.seriesOf = new Map();
    }
  }

  /**
   * `complete` is false when a callback that could observe this instrument threw or timed
   * out: series it did not observe are then kept (not exported, not forgotten), since only
   * a successful callback that does not observe a series ends it. `transient`: the
   * observations are entries of a buffer made for this collection only (another collection
   * of the reader held the kept one), which link to nothing yet.
   */
  collect(observations: readonly Observation[], now: HrTime, complete = true, transient = false): MetricData | undefined {
    const { aggregator, temporality, cardinalityLimit } = this.stream;
    const round = ++this.round;
    const claimedSeries: AsyncSeries[] = [];
    const direct = this.table === undefined;
    // Streams without a processor: the remembered series by value, made on the first entry
    // without a valid link when some series may be unlinked (rare: see `unlinked`).
    let byValue: Map<number, AsyncSeries[]> | undefined;
    const lookUpByValue = direct && (this.unlinked || transient) && this.remembered.length > 0;
    let overflowed = false;
    for (let i = 0; i < observations.length; i++) {
      const observation = observations[i];
      let series: AsyncSeries | undefined;
      if (direct) {
        series = this.linkOf(observation);
        if (series === undefined && lookUpByValue) {
          series = findByValue((byValue ??= this.indexByValue()), observation.attributes);
          if (series !== undefined) this.setLink(observation, series);
        }
      } else {
        // A view's attribute processor may throw: that observation is lost, not the collection.
        try {
          series = this.processedSeries(observation.attributes);
        } catch (error) {
          this.reports.failed(error);
          continue;
        }
      }
      if (series === undefined || series.claimed !== round) {
        if (claimedSeries.length >= cardinalityLimit) {
          let overflow = this.overflow;
          if (overflow === undefined) overflow = this.overflow = new AsyncSeries(aggregator.createAccumulation().identify(OVERFLOW_ATTRIBUTES));
          if (!overflowed) this.claim(overflow, round);
          overflowed = true;
          overflow.accumulation.record(observation.value);
          continue;
        }
        if (series === undefined) {
          // A new series: the buffer's stored set is frozen and never changes, so it is shared.
          series = new AsyncSeries(aggregator.createAccumulation().identify(observation.attributes));
          this.setLink(observation, series);
        }
        this.claim(series, round);
        claimedSeries.push(series);
      }
      series.accumulation.record(observation.value);
    }
    if (overflowed) claimedSeries.push(this.overflow!);

    // A series first seen now starts with the instrument (first collection) or with the
    // previous collection (later ones), as the data model suggests.
    const newSeriesStart = this.lastCollection;
    const delta = temporality === AggregationTemporality.DELTA;
    const points: DataPoint<PointValue>[] = [];
    for (let i = 0; i < claimedSeries.length; i++) {
      const series = claimedSeries[i];
      const accumulation = series.accumulation;
      const before = series.observedAt === undefined ? undefined : series.previous;
      let startTime = series.startTime ?? newSeriesStart;
      const intervalStart = series.observedAt ?? newSeriesStart;
      const wentBack = before !== undefined && aggregator.isReset?.(before, accumulation) === true;
      if (wentBack) startTime = intervalStart; // the observed source was reset since
      const value = delta && before !== undefined && !wentBack ? aggregator.diff(before, accumulation) : accumulation;
      points.push({ startTime: delta ? intervalStart : startTime, endTime: now, attributes: accumulation.attributes, value: aggregator.toPointValue(value), exemplars: NO_EXEMPLARS });
      series.startTime = startTime;
      series.observedAt = now;
    }
    this.remember(claimedSeries, complete, round, transient);
    this.lastCollection = now;
    return toMetricData(this.stream, points);
  }

  /** @internal Series kept between collections (table entries and series alike): at most limit + 1. */
  get rememberedSeries(): { table: number; states: number } {
    const series = this.seriesOf?.size ?? this.remembered.length;
    return { table: this.table?.size ?? series, states: series };
  }

  /**
   * The series `observation` links to for this stream, if it is still remembered. A stale
   * link is cleared, so that a set the buffer keeps (observed, but beyond the limit) does
   * not keep a forgotten series alive.
   */
  private linkOf(observation: Observation): AsyncSeries | undefined {
    const link = observation.link;
    const slot = this.linkSlot;
    const series = (slot < 0 ? link : (link as (AsyncSeries | undefined)[] | undefined)?.[slot]) as AsyncSeries | undefined;
    if (series === undefined || series.kept === this.round - 1) return series;
    if (slot < 0) observation.link = undefined;
    else (link as (AsyncSeries | undefined)[])[slot] = undefined;
    return undefined;
  }

  private setLink(observation: Observation, series: AsyncSeries): void {
    if (this.linkSlot < 0) observation.link = series;
    else ((observation.link ??= []) as (AsyncSeries | undefined)[])[this.linkSlot] = series;
  }

  /** The remembered series by the hash of their sets (the overflow series aside: no entry maps to it). */
  private indexByValue(): Map<number, AsyncSeries[]> {
    const index = new Map<number, AsyncSeries[]>();
    for (const series of this.remembered) {
      if (series === this.overflow) continue;
      const hash = hashAttributes(series.accumulation.attributes, undefined);
      const same = index.get(hash);
      if (same === undefined) index.set(hash, [series]);
      else same.push(series);
    }
    return index;
  }

  /** Streams with a processor: the series of the processed set of `attributes`. Throws what the processor throws. */
  private processedSeries(attributes: Attributes): AsyncSeries {
    const accumulation = this.table!.lookup(attributes);
    const seriesOf = this.seriesOf!;
    let series = seriesOf.get(accumulation);
    if (series === undefined) seriesOf.set(accumulation, (series = new AsyncSeries(accumulation)));
    return series;
  }

  /** First observation of `series` in this collection: its previous value is put aside, then it is emptied. */
  private claim(series: AsyncSeries, round: number): void {
    series.claimed = round;
    if (series.observedAt === undefined) return; // new (or never exported): nothing to put aside
    const { aggregator } = this.stream;
    if (this.keepsPrevious) {
      if (series.previous === undefined) series.previous = aggregator.copy(series.accumulation);
      else {
        aggregator.reset(series.previous);
        aggregator.merge(series.previous, series.accumulation);
      }
    }
    aggregator.reset(series.accumulation);
  }

  /**
   * Decides what is remembered for the next collection: the series claimed now, then
   * (after an incomplete round only) the unobserved ones of the previous list, in its order,
   * up to limit + 1 in all. Every other series is forgotten.
   */
  private remember(claimedSeries: AsyncSeries[], complete: boolean, round: number, transient: boolean): void {
    const next = claimedSeries;
    for (let i = 0; i < next.length; i++) next[i].kept = round;
    const claimed = next.length;
    if (!complete) {
      const cap = this.stream.cardinalityLimit + 1;
      for (const series of this.remembered) {
        if (next.length >= cap) break;
        if (series.kept === round) continue;
        series.kept = round;
        next.push(series);
      }
    }
    // The kept unobserved series' entries were dropped by the buffer (it keeps the sets it
    // observed); a transient buffer's entries are dropped whole.
    this.unlinked = transient ? next.length > 0 : next.length > claimed;
    // A small list is copied to its exact length: pushing left room for 16 more, about 130
    // bytes kept per stream between collections (large ones are kept as they are).
    this.remembered = next.length <= 64 ? next.slice() : next;
    const seriesOf = this.seriesOf;
    if (seriesOf !== undefined) {
      this.table!.retain((accumulation) => seriesOf.get(accumulation)?.kept === round);
      // Forget the series the table let go (the overflow series is not in the table).
      const inTable = this.overflow !== undefined && this.overflow.kept === round ? next.length - 1 : next.length;
      if (seriesOf.size > inTable) {
        for (const [accumulation, series] of seriesOf) if (series.kept !== round) seriesOf.delete(accumulation);
      }
    }
    if (this.overflow !== undefined && this.overflow.kept !== round) this.overflow = undefined;
  }
}

/** The remembered series whose set equals `attributes` (a stored set), if any. */
function findByValue(index: Map<number, AsyncSeries[]>, attributes: Attributes): AsyncSeries | undefined {
  const candidates = index.get(hashAttributes(attributes, undefined));
  if (candidates === undefined) return undefined;
  for (const series of candidates) if (sameAttributes(series.accumulation.attributes, attributes)) return series;
  return undefined;
}
