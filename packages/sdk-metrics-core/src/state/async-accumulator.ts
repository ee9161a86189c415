// The Accumulator + Processor of an asynchronous stream for one reader. Callbacks report
// cumulative values (or gauges); this turns one collection's observations into data
// points, remembering what the previous collection saw so that delta temporality can be
// derived and start times follow the data model.
//
// The series table lives as long as the stream (like a synchronous stream's): a set
// observed again is found by the table's lookup (its caches, then the hash) instead of
// being copied and keyed by a string every collection. What the data model asks of one
// collection is kept exact on top of it (test/series-model.test.ts checks it against a
// naive reference):
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
import { OVERFLOW_ATTRIBUTES, SeriesTable } from './series-table';
import { NO_EXEMPLARS } from './pending-points';
import { toMetricData, type StreamConfig } from './stream';

/** One observation as the round hands it over: a sanitized set and the last value observed for it. */
export interface Observation {
  readonly attributes: Attributes;
  readonly value: number;
}

/** What a series carries from one collection to the next, beside its accumulation. */
interface SeriesState {
  /** The collection that last claimed the series (compared with AsyncAccumulator.round). */
  claimed: number;
  /** The collection whose `remembered` list holds the series. */
  kept: number;
  /** Start time of its points (cumulative); undefined until it is first exported. */
  startTime: HrTime | undefined;
  /** When it was last observed: where its next delta interval starts. */
  observedAt: HrTime | undefined;
  /**
   * Its value at its previous observation (only kept when the stream needs it: delta
   * temporality or a reset check); the accumulation itself then holds this collection's.
   */
  previous: Accumulation | undefined;
}

export class AsyncAccumulator {
  private readonly table: SeriesTable<Accumulation>;
  private readonly states = new Map<Accumulation, SeriesState>();
  private overflow: Accumulation | undefined;
  /** The series remembered after the last collection, most recently observed first. */
  private remembered: Accumulation[] = [];
  /** Collections so far: the stamp of the current one. */
  private round = 0;
  private lastCollection: HrTime;
  /** Whether points need the previous observation of their series. */
  private readonly keepsPrevious: boolean;

  constructor(
    readonly stream: StreamConfig,
    createdAt: HrTime,
    onInvalidAttributes: (message: string) => void,
    /** Reports an observation dropped because its attributes could not be processed. */
    private readonly onFailedObservation: (error: unknown) => void,
  ) {
    this.lastCollection = createdAt;
    const { aggregator } = stream;
    this.keepsPrevious = stream.temporality === AggregationTemporality.DELTA || aggregator.isReset !== undefined;
    // No limit in the table itself: the limit counts the series of one collection (see the
    // header), which only this class knows; the table holds at most limit + 1 series
    // between collections, and within one at most those plus the sets it observed.
    this.table = new SeriesTable({
      createAccumulation: () => aggregator.createAccumulation(),
      cardinalityLimit: Infinity,
      attributesProcessor: stream.attributesProcessor,
      onInvalidAttributes,
    });
  }

  /**
   * `complete` is false when a callback that could observe this instrument threw or timed
   * out: series it did not observe are then kept (not exported, not forgotten), since only
   * a successful callback that does not observe a series ends it.
   */
  collect(observations: readonly Observation[], now: HrTime, complete = true): MetricData | undefined {
    const { aggregator, temporality, cardinalityLimit } = this.stream;
    const round = ++this.round;
    const claimedSeries: Accumulation[] = [];
    let overflowed = false;
    for (let i = 0; i < observations.length; i++) {
      const observation = observations[i];
      let series: Accumulation;
      // A view's attribute processor may throw: that observation is lost, not the collection.
      try {
        series = this.table.lookup(observation.attributes);
      } catch (error) {
        this.onFailedObservation(error);
        continue;
      }
      const state = this.stateOf(series);
      if (state.claimed !== round) {
        if (claimedSeries.length >= cardinalityLimit) {
          const overflow = (this.overflow ??= aggregator.createAccumulation().identify(OVERFLOW_ATTRIBUTES));
          if (!overflowed) this.claim(overflow, this.stateOf(overflow), round);
          overflowed = true;
          overflow.record(observation.value);
          continue;
        }
        this.claim(series, state, round);
        claimedSeries.push(series);
      }
      series.record(observation.value);
    }
    if (overflowed) claimedSeries.push(this.overflow!);

    // A series first seen now starts with the instrument (first collection) or with the
    // previous collection (later ones), as the data model suggests.
    const newSeriesStart = this.lastCollection;
    const delta = temporality === AggregationTemporality.DELTA;
    const points: DataPoint<PointValue>[] = [];
    for (let i = 0; i < claimedSeries.length; i++) {
      const series = claimedSeries[i];
      const state = this.states.get(series)!;
      const before = state.observedAt === undefined ? undefined : state.previous;
      let startTime = state.startTime ?? newSeriesStart;
      const intervalStart = state.observedAt ?? newSeriesStart;
      const wentBack = before !== undefined && aggregator.isReset?.(before, series) === true;
      if (wentBack) startTime = intervalStart; // the observed source was reset since
      const value = delta && before !== undefined && !wentBack ? aggregator.diff(before, series) : series;
      points.push({ startTime: delta ? intervalStart : startTime, endTime: now, attributes: series.attributes, value: aggregator.toPointValue(value), exemplars: NO_EXEMPLARS });
      state.startTime = startTime;
      state.observedAt = now;
    }
    this.remember(claimedSeries, complete, round);
    this.lastCollection = now;
    return toMetricData(this.stream, points);
  }

  /** @internal Series kept between collections (table entries and states alike): at most limit + 1. */
  get rememberedSeries(): { table: number; states: number } {
    return { table: this.table.size, states: this.states.size };
  }

  private stateOf(series: Accumulation): SeriesState {
    let state = this.states.get(series);
    if (state === undefined) {
      state = { claimed: 0, kept: 0, startTime: undefined, observedAt: undefined, previous: undefined };
      this.states.set(series, state);
    }
    return state;
  }

  /** First observation of `series` in this collection: its previous value is put aside, then it is emptied. */
  private claim(series: Accumulation, state: SeriesState, round: number): void {
    state.claimed = round;
    if (state.observedAt === undefined) return; // new (or never exported): nothing to put aside
    const { aggregator } = this.stream;
    if (this.keepsPrevious) {
      if (state.previous === undefined) state.previous = aggregator.copy(series);
      else {
        aggregator.reset(state.previous);
        aggregator.merge(state.previous, series);
      }
    }
    aggregator.reset(series);
  }

  /**
   * Decides what is remembered for the next collection: the series claimed now, then
   * (after an incomplete round only) the unobserved ones of the previous list, in its order,
   * up to limit + 1 in all. The table forgets every other series.
   */
  private remember(claimedSeries: Accumulation[], complete: boolean, round: number): void {
    const next = claimedSeries;
    for (let i = 0; i < next.length; i++) this.states.get(next[i])!.kept = round;
    if (!complete) {
      const cap = this.stream.cardinalityLimit + 1;
      for (const series of this.remembered) {
        if (next.length >= cap) break;
        const state = this.states.get(series)!;
        if (state.kept === round) continue;
        state.kept = round;
        next.push(series);
      }
    }
    // A small list is copied to its exact length: pushing left room for 16 more, about 130
    // bytes kept per stream between collections (large ones are kept as they are).
    this.remembered = next.length <= 64 ? next.slice() : next;
    const states = this.states;
    this.table.retain((series) => states.get(series)?.kept === round);
    // Forget the states of the series the table let go (and of the unobserved overflow series).
    if (states.size > next.length) {
      for (const [series, state] of states) if (state.kept !== round) states.delete(series);
    }
    if (this.overflow !== undefined && !states.has(this.overflow)) this.overflow = undefined;
  }
}
