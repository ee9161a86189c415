// Populating N series on one instrument of one SDK: the common setup of the collection,
// export and memory rows.
import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import type { CollectionResult } from '@meterkit/sdk-metrics-core';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import type { SdkSetup } from '../sdks/sdk-setup';
import { METHODS, STATUSES } from './attributes';

export type SeriesKind = 'counter' | 'histogram';
export type OtelImpl = 'meterkit' | 'otel';

export interface Population {
  sdk: SdkSetup;
  /** Records one value on every series (a new value each round, so sums and buckets move). */
  recordAll(round: number): void;
}

/** Fresh attribute object for series `i` (same shape for every series). */
export function attributesOf(i: number, routes: readonly string[]): Attributes {
  return { method: METHODS[i % METHODS.length], route: routes[i], status: STATUSES[i % STATUSES.length] };
}

export function populate(sdk: SdkSetup, kind: SeriesKind, routes: readonly string[]): Population {
  const count = routes.length;
  const instrument = kind === 'counter' ? sdk.meter.createCounter('x') : sdk.meter.createHistogram('x');
  const recordAll = (round: number): void => {
    if (kind === 'counter') {
      const c = instrument as Counter;
      for (let i = 0; i < count; i++) c.add(1 + ((i + round) & 7), attributesOf(i, routes));
    } else {
      const h = instrument as Histogram;
      for (let i = 0; i < count; i++) h.record(((i * 7 + round * 13) % 1000) * 7.3, attributesOf(i, routes));
    }
  };
  recordAll(0);
  return { sdk, recordAll };
}

export type ObservableKind = 'observable-gauge' | 'observable-counter';

/**
 * N series of one observable instrument: its callback observes every series, each with a
 * fresh attributes literal, as callbacks that read application state do (a queue depth per
 * queue, bytes per connection). `recordAll(round)` only sets the round the next callback
 * reports (gauges: a value that moves each round; counters: a cumulative total that grows).
 */
export function populateObservable(sdk: SdkSetup, kind: ObservableKind, routes: readonly string[]): Population {
  const count = routes.length;
  let current = 0;
  const instrument = kind === 'observable-gauge' ? sdk.meter.createObservableGauge('x') : sdk.meter.createObservableCounter('x');
  instrument.addCallback((result) => {
    for (let i = 0; i < count; i++) {
      const value = kind === 'observable-gauge' ? (i * 7 + current * 13) % 1000 : (i + 1) * current;
      result.observe(value, attributesOf(i, routes));
    }
  });
  return {
    sdk,
    recordAll: (round: number) => {
      current = round;
    },
  };
}

export function createSdk(impl: OtelImpl, temporality: 'cumulative' | 'delta', seriesCount: number): SdkSetup {
  // Both SDKs default to 2000 series per stream; lift the limit above the series count.
  const options = { temporality, cardinalityLimit: seriesCount + 16 };
  return impl === 'meterkit' ? createMeterkit(options) : createOtel(options);
}

/** Data points in a collection result (a check that both SDKs produced the whole set). */
export function pointCount(result: CollectionResult): number {
  let n = 0;
  for (const scope of result.resourceMetrics.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}
