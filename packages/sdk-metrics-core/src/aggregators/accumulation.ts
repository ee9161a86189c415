// The state of one series: what an Aggregator summarises (its subclass fields) plus the
// series' identity in its table. One object per series, so a series costs a single
// allocation beyond its attribute copy; every field here is paid once per series (8 bytes
// each on 64-bit Node), so nothing is kept that the lookup can derive (the key count is
// read from the stored copy itself, see state/key-shape.ts).
import type { Attributes, HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Seconds are stored relative to this, so they stay small integers (V8 Smis) on any platform. */
const ORIGIN_SECONDS = hrTime()[0];

/** The state of one series (stream and attribute set) that an {@link Aggregator} updates and turns into a data point. */
export abstract class Accumulation {
  /** The attribute set of the series (empty for detached copies). */
  attributes: Attributes = NO_ATTRIBUTES;
  /** Measurements arrived since the last collection (delta) or ever (cumulative). Set by `record`, cleared by a delta collection. */
  updated = false;
  /** Bound handles holding this series: a pinned series is never forgotten. */
  pins = 0;
  /**
   * Creation time (the first measurement) as the HrTime the clock gave, kept as two small
   * integers (no boxed double, no array per series). It comes from the same clock as the
   * collection's end time (hrTime()), unrounded, so a start is never after an end.
   */
  private startSeconds = 0;
  private startNanos = 0;

  /**
   * Hot path: adds one measurement. No allocation. Marks the series updated here, once for
   * every aggregation, so that no aggregation can forget it (a series that is not marked is
   * never exported); the aggregation's own work is `aggregate`. Not meant to be overridden.
   */
  record(value: number): void {
    this.updated = true;
    this.aggregate(value);
  }

  /** Hot path: adds `value` to this aggregation's state (the subclass fields). No allocation. */
  protected abstract aggregate(value: number): void;

  /** Makes this fresh accumulation the series of `attributes`, starting now. */
  identify(attributes: Attributes): this {
    this.attributes = attributes;
    const now = hrTime();
    this.startSeconds = now[0] - ORIGIN_SECONDS;
    this.startNanos = now[1];
    return this;
  }

  /** The start time of a cumulative series: the time of its first measurement. */
  get startTime(): HrTime {
    return [ORIGIN_SECONDS + this.startSeconds, this.startNanos];
  }
}
