// What an exporter package gives the conformance suite: a way to start a receiver that behaves
// a given way, an exporter pointed at it, and what the receiver took in, in a common shape.
import type { PushMetricExporter } from '@meterkit/sdk-metrics-core';

/**
 * How the receiver behaves for one test.
 * - `accept`: takes every export and answers success.
 * - `hang`: takes the connection (or the write) and never answers.
 * - `reject`: answers every export with a permanent (non-retryable) error.
 * - `unreachable`: nothing there, or writing fails at once (connection refused, a closed stream).
 */
export type ReceiverBehaviour = 'accept' | 'hang' | 'reject' | 'unreachable';

/** The specification's temporality preferences ("cumulative" and "delta"). */
export type TemporalityPreference = 'cumulative' | 'delta';

export interface ConformanceSetup {
  behaviour: ReceiverBehaviour;
  temporalityPreference: TemporalityPreference;
  /**
   * The export timeout to configure. Against a receiver that hangs, an export must call back
   * FAILED, and forceFlush()/shutdown() must resolve, within it (plus the suite's slack).
   */
  timeoutMillis: number;
}

/**
 * One data point as the receiver decoded it. The fields are those of `@meterkit/otlp-sink`'s
 * ReceivedPoint, so an OTLP exporter can return `sink.points()` as they are; any other exporter
 * maps what its backend received to these names.
 */
export interface ConformancePoint {
  /** Metric name. */
  name: string;
  /** `sum`, `gauge`, `histogram` or `exponentialHistogram`. */
  kind: string;
  unit?: string;
  description?: string;
  /** Sums and histograms: the temporality the point was sent with. */
  temporality?: 'delta' | 'cumulative';
  isMonotonic?: boolean;
  attributes: Record<string, unknown>;
  /** Sums and gauges. */
  value?: number;
  /** Histograms. */
  count?: number;
  sum?: number;
  /** Histograms, when the backend keeps them: checked when present. */
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** Resource attributes, when the backend keeps them. */
  resource?: Record<string, unknown>;
  scopeName?: string;
}

export interface ConformanceTarget {
  exporter: PushMetricExporter;
  /** Every point the receiver has taken in so far, in the order it arrived. */
  received(): ConformancePoint[] | Promise<ConformancePoint[]>;
  /** Stops the receiver. The suite has shut the exporter down (or tried to) before. */
  close(): Promise<void>;
}

/** The jest-style functions the suite defines its tests with. */
export interface TestFunctions {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>, timeout?: number): void;
}

export interface ExporterConformanceOptions {
  /** Names the describe block, e.g. "OTLP/HTTP exporter". */
  name: string;
  /** Starts a receiver behaving as asked and creates an exporter configured as asked, sending to it. */
  create(setup: ConformanceSetup): Promise<ConformanceTarget>;
  /** The export timeout passed to `create` (default 1000 ms). */
  timeoutMillis?: number;
  /**
   * What a loaded machine may add to a bounded call before it counts as not bounded (default
   * 5000 ms). The suite asserts bounds, never speed.
   */
  slackMillis?: number;
  /**
   * `describe` and `it` to define the tests with. Default: the globals of the test runner (jest
   * provides them; so do runners with the same `it(name, fn, timeout)` signature).
   */
  testFunctions?: TestFunctions;
}
