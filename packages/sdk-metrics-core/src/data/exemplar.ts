// The exemplar data model: one sampled measurement attached to a data point. Structurally the
// `Exemplar` that @opentelemetry/sdk-metrics 2.x declares (and that @opentelemetry/otlp-transformer
// and meterkit's OTLP encoder read), so exporters written against the official data accept it.
import type { Attributes, HrTime } from '@opentelemetry/api';

/**
 * A sampled measurement kept with the data point of its series (specification: metrics SDK,
 * "Exemplar"). meterkit records exemplars per the MeterProvider's exemplar filter and the
 * view's exemplar reservoir; they are emitted on the point of the series the measurement
 * went to.
 */
export interface Exemplar {
  /**
   * The measurement's attributes that the view's attribute filter removed from the point's
   * attributes (so point attributes + filteredAttributes = what was recorded). Empty when the
   * view keeps every attribute.
   */
  filteredAttributes: Attributes;
  /** The measured value. */
  value: number;
  /** When the measurement was recorded. */
  timestamp: HrTime;
  /** The span id (16 lowercase hex digits) of the span active for the measurement; absent when there was no valid span context. */
  spanId?: string;
  /** The trace id (32 lowercase hex digits) of that span; present exactly when `spanId` is. */
  traceId?: string;
}
