// The exemplar shape the encoder reads from data points: meterkit's `Exemplar` and the official
// SDK's are the same shape; when a point carries an `exemplars` array, the encoder sends it
// (NumberDataPoint.exemplars, HistogramDataPoint.exemplars, ...).
import type { Attributes, HrTime } from '@opentelemetry/api';

/** An exemplar as data points may carry it (the shape `@opentelemetry/sdk-metrics` declares): the encoder sends it with its point. */
export interface Exemplar {
  /** Attributes of the measurement that the point's attributes do not already hold. */
  filteredAttributes: Attributes;
  value: number;
  timestamp: HrTime;
  /** 16 hex digits; absent when the measurement had no sampled span. */
  spanId?: string;
  /** 32 hex digits. */
  traceId?: string;
}

/** Exemplars of a data point, or undefined. */
export function exemplarsOf(point: object): readonly Exemplar[] | undefined {
  const exemplars = (point as { exemplars?: readonly Exemplar[] }).exemplars;
  return exemplars !== undefined && exemplars.length > 0 ? exemplars : undefined;
}

/** Flags of a data point (DataPointFlags: 1 = no recorded value), 0 when absent. */
export function flagsOf(point: object): number {
  const flags = (point as { flags?: number }).flags;
  return typeof flags === 'number' && flags > 0 ? flags >>> 0 : 0;
}

const HEX = /^[0-9a-fA-F]*$/;

/** The bytes of a hex id, or undefined when absent or not hex of the expected length. */
export function hexIdBytes(id: string | undefined, length: number): Buffer | undefined {
  if (id === undefined || id.length !== length * 2 || !HEX.test(id)) return undefined;
  return Buffer.from(id, 'hex');
}
