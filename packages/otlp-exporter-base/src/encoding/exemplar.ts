// What the encoder reads from a data point beside its value: its exemplars (the core's
// `Exemplar`, the shape @opentelemetry/sdk-metrics declares, read defensively because points may
// come from any MetricProducer) and its flags.
import type { Exemplar } from '@meterkit/sdk-metrics-core';

export type { Exemplar };

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
