// The points of one synchronous stream's collection, in two steps: `add` reads a series
// during the synchronized move (its value, attributes, exemplars and, for cumulative
// streams, the series itself for its start time) into flat arrays, which allocates no
// object per series; `buildNext` later makes the point objects, a chunk at a time, so that
// state/collector.ts can give the event loop turns between chunks. Building 100k points is
// most of a collection's time (an object and a start-time array per point, 30-60 ms on the
// bench machine, plus the GC it triggers) and was one uninterrupted block.
// Invariant: everything a point holds is read by `add`, at the collection's instant, or
// cannot change after it: a point's value is the aggregator's copy (`toPointValue`), its
// attribute set is the series' stored copy (never mutated), and a cumulative series keeps
// its start time for its whole life (only delta tables forget and reuse series, and delta
// points take their start from the collection, not from the series). So measurements
// recorded while the points are being built never show in them.
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { DataPoint, MetricData } from '../data/metric-data';
import type { Exemplar } from '../data/exemplar';
import type { Accumulation, PointValue } from '../aggregators/aggregator';
import { toMetricData, type StreamConfig } from './stream';

/**
 * The `exemplars` of every point of a stream that never got an exemplar: one shared, frozen
 * empty array. A fresh `[]` per point made collecting 100k series allocate 100k more objects
 * and measurably slower (bench: longest event-loop block); points are read-only data.
 */
export const NO_EXEMPLARS = Object.freeze([]) as unknown as Exemplar[];

export class PendingPoints {
  /** Per point: the series (cumulative: its attributes and start time are read when built) or its attribute set (delta). */
  private readonly sources: (Accumulation | Attributes)[];
  private readonly values: PointValue[];
  /** Streams that have exemplar reservoirs: each point's exemplars. */
  private readonly exemplars: Exemplar[][] | undefined;
  private points: DataPoint<PointValue>[] = [];
  /** Points read by `add`. */
  private count = 0;
  /** Points built. */
  private built = 0;

  /**
   * `startTime`: the start of every point (delta), or undefined for the start of each
   * series (cumulative). `expected`: how many points `add` will probably read (the previous
   * collection's count): the arrays are made at that size, so that 100k series do not
   * grow them step by step (each step a fresh copy, and fresh memory is what costs most).
   */
  constructor(
    private readonly stream: StreamConfig,
    private readonly startTime: HrTime | undefined,
    private readonly endTime: HrTime,
    withExemplars: boolean,
    expected: number,
  ) {
    this.sources = new Array(expected);
    this.values = new Array(expected);
    this.exemplars = withExemplars ? new Array(expected) : undefined;
  }

  /** Reads one series' point: `value` from `toPointValue`, `exemplars` when the stream has reservoirs. */
  add(series: Accumulation, value: PointValue, exemplars: Exemplar[] | undefined): void {
    const i = this.count++;
    const source = this.startTime === undefined ? series : series.attributes;
    if (i < this.values.length) {
      this.sources[i] = source;
      this.values[i] = value;
      if (this.exemplars !== undefined) this.exemplars[i] = exemplars as Exemplar[];
    } else {
      this.sources.push(source);
      this.values.push(value);
      this.exemplars?.push(exemplars as Exemplar[]);
    }
  }

  /** Ends the reading: drops the unused end of the arrays. Returns the number of points. */
  seal(): number {
    const n = this.count;
    if (this.values.length > n) {
      this.sources.length = n;
      this.values.length = n;
      if (this.exemplars !== undefined) this.exemplars.length = n;
    }
    return n;
  }

  /** Points read by `add`. */
  get size(): number {
    return this.count;
  }

  /** Builds up to `chunk` more points (after `seal`); returns whether all are built. */
  buildNext(chunk: number): boolean {
    // Made with the first chunk, not in the synchronized move: its memory is fresh too.
    if (this.built === 0) this.points = new Array(this.count);
    const { points, sources, values, exemplars, endTime, startTime } = this;
    const end = Math.min(this.count, this.built + chunk);
    for (let i = this.built; i < end; i++) {
      const source = sources[i];
      const cumulative = startTime === undefined;
      points[i] = {
        startTime: cumulative ? (source as Accumulation).startTime : startTime,
        endTime,
        attributes: cumulative ? (source as Accumulation).attributes : (source as Attributes),
        value: values[i],
        exemplars: exemplars === undefined ? NO_EXEMPLARS : exemplars[i],
      };
    }
    this.built = end;
    return end === this.count;
  }

  /** The stream's MetricData, once every point is built (undefined when no series was read). */
  toMetricData(): MetricData | undefined {
    return toMetricData(this.stream, this.points);
  }
}
