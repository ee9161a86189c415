import type { Attributes, HrTime } from '@opentelemetry/api';
import type { Accumulation } from '../aggregators/aggregator';

/** One attribute set of one stream: the Accumulator's record (SDK specification). */
export class Series<A extends Accumulation = Accumulation> {
  /** Measurements arrived since the last collection (delta) or ever (cumulative). */
  updated = false;
  /** Bound handles holding this series: a pinned series is never forgotten. */
  pins = 0;
  readonly size: number;

  constructor(
    readonly attributes: Attributes,
    readonly key: string,
    readonly accumulation: A,
    /** Time of the first measurement: the start time of a cumulative series. */
    readonly startTime: HrTime,
  ) {
    this.size = Object.keys(attributes).length;
  }

  record(value: number): void {
    this.accumulation.record(value);
    this.updated = true;
  }
}

export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
