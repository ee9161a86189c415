// The state of one series: what an Aggregator summarises (its subclass fields) plus the
// series' identity in its table. One object per series, so a series costs a single
// allocation beyond its attribute copy; every field here is paid once per series (8 bytes
// each on 64-bit Node), so nothing is kept that the lookup can derive (the key count is
// read from the stored copy itself, see state/key-shape.ts), nor what only a few series
// need (the pins of bound handles live in their table, state/series-table.ts), and the
// `updated` flag shares a small integer with the start time.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { clockNow } from '../util/clock';
import { startTimeOf } from './start-times';

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Seconds are stored relative to this, so they stay small integers (V8 Smis) on any platform. */
const ORIGIN_SECONDS = clockNow()[0];
/** The bit of `secondsAndUpdated` that is the `updated` flag. */
const UPDATED = 1;

/** The state of one series (stream and attribute set) that an {@link Aggregator} updates and turns into a data point. */
export abstract class Accumulation {
  /** The attribute set of the series (empty for detached copies). */
  attributes: Attributes = NO_ATTRIBUTES;
  /**
   * Creation time (the first measurement) as the HrTime the clock gave, kept as two small
   * integers (no boxed double, no array per series): `secondsAndUpdated` is the seconds
   * since ORIGIN_SECONDS times 2, plus 1 when the series is `updated`; `startNanos` the
   * nanoseconds. The clock is the collection's (clockNow()), unrounded, so a start is never
   * after an end. Both stay Smis on every V8 build (31-bit Smis included) for 2**29 s.
   */
  private secondsAndUpdated = 0;
  private startNanos = 0;

  /** Measurements arrived since the last collection (delta) or ever (cumulative). Set by `record`, cleared by a delta collection. */
  get updated(): boolean {
    return (this.secondsAndUpdated & UPDATED) !== 0;
  }
  set updated(updated: boolean) {
    this.secondsAndUpdated = updated ? this.secondsAndUpdated | UPDATED : this.secondsAndUpdated & ~UPDATED;
  }

  /**
   * Hot path: adds one measurement. No allocation. Marks the series updated here, once for
   * every aggregation, so that no aggregation can forget it (a series that is not marked is
   * never exported); the aggregation's own work is `aggregate`. Not meant to be overridden.
   */
  record(value: number): void {
    this.secondsAndUpdated |= UPDATED;
    this.aggregate(value);
  }

  /** Hot path: adds `value` to this aggregation's state (the subclass fields). No allocation. */
  protected abstract aggregate(value: number): void;

  /** Makes this fresh accumulation the series of `attributes`, starting now. */
  identify(attributes: Attributes): this {
    this.attributes = attributes;
    const now = clockNow();
    this.secondsAndUpdated = ((now[0] - ORIGIN_SECONDS) << 1) | (this.secondsAndUpdated & UPDATED);
    this.startNanos = now[1];
    return this;
  }

  /**
   * The start time of a cumulative series: the time of its first measurement, floored to the
   * millisecond, as a frozen array shared with series that started in the same millisecond
   * (aggregators/start-times.ts).
   */
  get startTime(): HrTime {
    return startTimeOf(ORIGIN_SECONDS + (this.secondsAndUpdated >> 1), this.startNanos);
  }
}
