import type { Meter } from '@opentelemetry/api';
import type { CollectionResult } from '@meterkit/sdk-metrics-core';

export interface SdkSetupOptions<V> {
  temporality?: 'cumulative' | 'delta';
  /** Per-stream cardinality limit (both SDKs default to 2000). */
  cardinalityLimit?: number;
  views?: V[];
  /**
   * A second reader, with the other temporality and never collected: every instrument then
   * has two streams (as with an OTLP exporter and a Prometheus endpoint side by side).
   */
  secondReader?: boolean;
}

/** One OpenTelemetry SDK with a meter and an explicitly collected reader. */
export interface SdkSetup {
  meter: Meter;
  collect(): Promise<CollectionResult>;
  shutdown(): Promise<void>;
  /** The reader object itself, for exporters that need a producer. */
  reader?: unknown;
}
