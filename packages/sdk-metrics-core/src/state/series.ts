import type { Attributes } from '@opentelemetry/api';

/** The attribute set of the overflow series (specification: cardinality limits). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
