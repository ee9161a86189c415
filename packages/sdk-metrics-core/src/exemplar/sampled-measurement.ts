// One kept measurement of a built-in reservoir. Cells are allocated once with the reservoir
// and overwritten in place, so keeping a measurement allocates only what must outlive the
// caller's objects: the filtered attributes (a copy, and only when the view dropped some).
import { trace, type Attributes, type Context, type HrTime } from '@opentelemetry/api';
import type { Exemplar } from '../data/exemplar';

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The attributes of `measurement` that `point` lacks (the spec's filtered attributes): a new
 * object, or a shared empty one when there are none (the usual case: views without an
 * attribute filter keep every key).
 */
export function filteredAttributes(measurement: Attributes, point: Attributes): Attributes {
  let filtered: Attributes | undefined;
  for (const key in measurement) {
    if (!hasOwnProperty.call(measurement, key) || hasOwnProperty.call(point, key)) continue;
    const value = measurement[key];
    const type = typeof value;
    // Only valid attribute values (the series table drops the others from points too).
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && !Array.isArray(value)) continue;
    (filtered ??= {})[key] = Array.isArray(value) ? value.slice() : value;
  }
  return filtered ?? NO_ATTRIBUTES;
}

/** A reservoir slot: empty, or one measurement with its time, filtered attributes and span ids. */
export class SampledMeasurement {
  full = false;
  private value = 0;
  private timestamp: HrTime = [0, 0];
  private attributes: Attributes = NO_ATTRIBUTES;
  private traceId: string | undefined = undefined;
  private spanId: string | undefined = undefined;

  /** Keeps a measurement (the filtered attributes computed now, against the series' attributes). */
  store(value: number, timestamp: HrTime, attributes: Attributes, ctx: Context, pointAttributes: Attributes): void {
    this.full = true;
    this.value = value;
    this.timestamp = timestamp;
    this.attributes = filteredAttributes(attributes, pointAttributes);
    // Ids only from a valid span context (an invalid one carries all-zero ids).
    const spanContext = trace.getSpanContext(ctx);
    if (spanContext !== undefined && trace.isSpanContextValid(spanContext)) {
      this.traceId = spanContext.traceId;
      this.spanId = spanContext.spanId;
    } else {
      this.traceId = undefined;
      this.spanId = undefined;
    }
  }

  /** The kept measurement as an exported exemplar; empties the slot. */
  take(): Exemplar {
    const exemplar: Exemplar = { filteredAttributes: this.attributes, value: this.value, timestamp: this.timestamp };
    if (this.spanId !== undefined) {
      exemplar.spanId = this.spanId;
      exemplar.traceId = this.traceId;
    }
    this.full = false;
    this.attributes = NO_ATTRIBUTES;
    return exemplar;
  }
}
