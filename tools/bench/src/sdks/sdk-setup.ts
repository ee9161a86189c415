import type { Meter } from '@opentelemetry/api';
import type { CollectionResult } from '@meterkit/sdk-metrics-core';

export interface SdkSetupOptions<V> {
  temporality?: 'cumulative' | 'delta';
  /** Per-stream cardinality limit (both SDKs default to 2000). */
  cardinalityLimit?: number;
  views?: V[];
}

/** One OpenTelemetry SDK with a meter and an explicitly collected reader. */
export interface SdkSetup {
  meter: Meter;
  collect(): Promise<CollectionResult>;
  shutdown(): Promise<void>;
  /** The reader object itself, for exporters that need a producer. */
  reader?: unknown;
}
