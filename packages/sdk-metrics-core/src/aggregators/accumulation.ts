// The state of one series: what an Aggregator summarises (its subclass fields) plus the
// series' identity in its table. One object per series, so a series costs a single
// allocation beyond its attribute copy.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Start times are whole milliseconds from this origin: a small integer per series instead of a boxed double. */
const ORIGIN_MILLIS = Math.floor(performance.timeOrigin);

function millisSinceOrigin(): number {
  return Math.round(performance.timeOrigin - ORIGIN_MILLIS + performance.now());
}

/** The state of one series (stream and attribute set) that an {@link Aggregator} updates and turns into a data point. */
export abstract class Accumulation {
  /** The attribute set of the series (empty for detached copies). */
  attributes: Attributes = NO_ATTRIBUTES;
  /** Number of attributes, for the comparison on lookup. */
  size = 0;
  /** Measurements arrived since the last collection (delta) or ever (cumulative). Set by `record`. */
  updated = false;
  /** Bound handles holding this series: a pinned series is never forgotten. */
  pins = 0;
  /** Creation time (the first measurement), in ms since ORIGIN_MILLIS. */
  private startOffset = 0;

  /**
   * Hot path: adds one measurement and sets `updated`. No allocation.
   */
  abstract record(value: number): void;

  /** Makes this fresh accumulation the series of `attributes`, starting now. */
  identify(attributes: Attributes): this {
    this.attributes = attributes;
    this.size = Object.keys(attributes).length;
    this.startOffset = millisSinceOrigin();
    return this;
  }

  /** The start time of a cumulative series: the time of its first measurement, to the millisecond. */
  get startTime(): HrTime {
    return millisToHrTime(ORIGIN_MILLIS + this.startOffset);
  }
}
