// The Accumulator + Processor of an asynchronous stream for one reader. Callbacks report
// cumulative values (or gauges); this turns one collection's observations into data
// points, remembering what the previous collection saw so that delta temporality can be
// derived and start times follow the data model.
// Points carry no exemplars (an empty array): the specification ties exemplars to the API
// call of a measurement, and an observation is made by a callback at collection time, in no
// span of the application (the Java and Go SDKs do the same).
import type { Attributes, HrTime } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricData } from '../data/metric-data';
import type { Accumulation, PointValue } from '../aggregators/aggregator';
import { SeriesTable } from './series-table';
import { canonicalKey } from './canonical-attributes';
import { toMetricData, type StreamConfig } from './stream';

interface Remembered {
  accumulation: Accumulation;
  startTime: HrTime;
  /** The collection that last observed the series: where its next delta interval starts. */
  observedAt: HrTime;
}

export class AsyncAccumulator {
  private previous = new Map<string, Remembered>();
  private lastCollection: HrTime;

  constructor(
    readonly stream: StreamConfig,
    createdAt: HrTime,
    private readonly onInvalidAttributes: (message: string) => void,
    /** Reports an observation dropped because its attributes could not be processed. */
    private readonly onFailedObservation: (error: unknown) => void,
  ) {
    this.lastCollection = createdAt;
  }

  /**
   * `complete` is false when a callback that could observe this instrument threw or timed
   * out: series it did not observe are then kept (not exported, not forgotten), since only
   * a successful callback that does not observe a series ends it.
   */
  collect(observations: Iterable<[Attributes, number]>, now: HrTime, complete = true): MetricData | undefined {
    const { aggregator, temporality } = this.stream;
    // A fresh table per collection: it applies the attribute filter (filtered sets are
    // re-aggregated) and the cardinality limit, preferring the first-observed sets.
    const table = new SeriesTable({
      createAccumulation: () => aggregator.createAccumulation(),
      cardinalityLimit: this.stream.cardinalityLimit,
      attributesProcessor: this.stream.attributesProcessor,
      onInvalidAttributes: this.onInvalidAttributes,
    });
    for (const [attributes, value] of observations) {
      // A view's attribute processor may throw: that observation is lost, not the collection.
      try {
        table.lookup(attributes).record(value);
      } catch (error) {
        this.onFailedObservation(error);
      }
    }

    const points: DataPoint<PointValue>[] = [];
    const next = new Map<string, Remembered>();
    // A series first seen now starts with the instrument (first collection) or with the
    // previous collection (later ones), as the data model suggests.
    const newSeriesStart = this.lastCollection;
    table.forEach((series) => {
      if (!series.updated) return;
      const key = canonicalKey(series.attributes);
      const before = this.previous.get(key);
      let startTime = before?.startTime ?? newSeriesStart;
      const intervalStart = before?.observedAt ?? newSeriesStart;
      let value: Accumulation = series;
      const wentBack = before !== undefined && aggregator.isReset?.(before.accumulation, series) === true;
      if (wentBack) startTime = intervalStart; // the observed source was reset since
      if (temporality === AggregationTemporality.DELTA) {
        if (before !== undefined && !wentBack) value = aggregator.diff(before.accumulation, series);
        points.push({ startTime: intervalStart, endTime: now, attributes: series.attributes, value: aggregator.toPointValue(value), exemplars: [] });
      } else {
        points.push({ startTime, endTime: now, attributes: series.attributes, value: aggregator.toPointValue(value), exemplars: [] });
      }
      next.set(key, { accumulation: series, startTime, observedAt: now });
    });
    // Series a complete round did not observe are gone: forgetting them keeps memory
    // bounded. After an incomplete round they are kept as they were, up to the stream's
    // cardinality limit (plus the overflow series), so that a callback that keeps failing
    // while observing new sets cannot grow this memory without bound; beyond it the oldest
    // remembered series are forgotten.
    if (!complete) {
      const cap = this.stream.cardinalityLimit + 1;
      for (const [key, remembered] of this.previous) {
        if (next.size >= cap) break;
        if (!next.has(key)) next.set(key, remembered);
      }
    }
    this.previous = next;
    this.lastCollection = now;
    return toMetricData(this.stream, points);
  }
}
