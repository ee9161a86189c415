// The points of one synchronous stream's collection, in two steps: the synchronized move
// (SyncAccumulator.collect) reads every updated series into flat arrays (PointArrays: its
// value and, for delta streams, its attribute set, for cumulative ones the series itself for
// its start time), which makes no object per series; PendingPoints.buildNext then makes the
// point objects a chunk at a time, so that state/collector.ts can give the event loop turns
// between chunks. Making 100k points (an object each, in fresh memory; cumulative start
// times are shared arrays, aggregators/start-times.ts) is most of a collection's time, 30-60 ms
// on the bench machine, and was one uninterrupted block.
// Invariant: everything a point holds was read by the move, at the collection's instant, or
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

/**
 * Entries per array of a PointArrays. Below V8's large-object size (arrays over ~128 KB get
 * pages of their own, fresh memory at every collection): the collector makes them one after
 * the other and can pause between them. A multiple of POINTS_PER_CHUNK, so that a chunk of
 * points never straddles two arrays.
 */
export const POINT_ARRAY_LENGTH = 8192;

/**
 * The arrays a collection reads a stream's points into (PendingPoints): point i is entry
 * i % POINT_ARRAY_LENGTH of array i / POINT_ARRAY_LENGTH. Made by the collector before the
 * synchronized move, as many as the stream's previous collection needed, so that 100k series
 * do not grow them inside the move: fresh memory is most of their cost (two arrays of 100k,
 * each one block of large-object memory, took 8-27 ms on the bench machine), and it has no
 * reason to be in the move, which reads the state and cannot be split. The move adds arrays
 * when a stream has more points than the last time.
 */
export class PointArrays {
  /** Per point: the series (cumulative: its attributes and start time are read when built) or its attribute set (delta). */
  readonly sources: (Accumulation | Attributes)[][] = [];
  readonly values: PointValue[][] = [];

  /** `expected`: the points this collection is likely to read (the previous one's). */
  constructor(readonly expected: number) {}

  /** Whether there is room for `expected` points. */
  get complete(): boolean {
    return this.sources.length * POINT_ARRAY_LENGTH >= this.expected;
  }

  /** Makes room for POINT_ARRAY_LENGTH more points. */
  grow(): void {
    this.sources.push(new Array(POINT_ARRAY_LENGTH));
    this.values.push(new Array(POINT_ARRAY_LENGTH));
  }
}

export class PendingPoints {
  private readonly sources: (Accumulation | Attributes)[][];
  private readonly values: PointValue[][];
  private points: DataPoint<PointValue>[] = [];
  /** Points built. */
  private built = 0;

  /**
   * `startTime`: the start of every point (delta), or undefined for the start of each
   * series (cumulative, `arrays.sources` holds the series). `arrays`: the first `count`
   * points as read by the move, used by this one only. `exemplars`: each point's, for
   * streams that have exemplar reservoirs.
   */
  constructor(
    private readonly stream: StreamConfig,
    private readonly startTime: HrTime | undefined,
    private readonly endTime: HrTime,
    arrays: PointArrays,
    private readonly count: number,
    private readonly exemplars: Exemplar[][] | undefined,
  ) {
    // Entries at and after `count` (room made for the previous collection's size) are never read.
    this.sources = arrays.sources;
    this.values = arrays.values;
  }

  /** Points read by the move. */
  get size(): number {
    return this.count;
  }

  /** Builds up to `chunk` more points; returns whether all are built. */
  buildNext(chunk: number): boolean {
    // Made with the first chunk, not in the synchronized move: its memory is fresh too.
    if (this.built === 0) this.points = new Array(this.count);
    const end = Math.min(this.count, this.built + chunk);
    for (let from = this.built; from < end; ) {
      const index = Math.floor(from / POINT_ARRAY_LENGTH);
      const offset = index * POINT_ARRAY_LENGTH;
      const to = Math.min(end, offset + POINT_ARRAY_LENGTH);
      if (this.startTime === undefined) {
        buildCumulative(this.points, this.sources[index] as Accumulation[], this.values[index], offset, this.exemplars, this.endTime, from, to);
      } else {
        buildDelta(this.points, this.sources[index] as Attributes[], this.values[index], offset, this.exemplars, this.startTime, this.endTime, from, to);
      }
      from = to;
    }
    this.built = end;
    return end === this.count;
  }

  /** The stream's MetricData, once every point is built (undefined when no series was read). */
  toMetricData(): MetricData | undefined {
    return toMetricData(this.stream, this.points);
  }
}

// The loops are functions of their arguments only (no per-collection object in their
// optimised code), one per kind of start time.

// Point i is entry i - offset of `series`/`attributes` and `values` (one array of PointArrays).

function buildCumulative(
  points: DataPoint<PointValue>[],
  series: Accumulation[],
  values: PointValue[],
  offset: number,
  exemplars: Exemplar[][] | undefined,
  endTime: HrTime,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const s = series[i - offset];
    points[i] = { startTime: s.startTime, endTime, attributes: s.attributes, value: values[i - offset], exemplars: exemplars === undefined ? NO_EXEMPLARS : exemplars[i] };
  }
}

function buildDelta(
  points: DataPoint<PointValue>[],
  attributes: Attributes[],
  values: PointValue[],
  offset: number,
  exemplars: Exemplar[][] | undefined,
  startTime: HrTime,
  endTime: HrTime,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    points[i] = { startTime, endTime, attributes: attributes[i - offset], value: values[i - offset], exemplars: exemplars === undefined ? NO_EXEMPLARS : exemplars[i] };
  }
}
