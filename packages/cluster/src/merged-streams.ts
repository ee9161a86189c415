// The primary's merge of its workers' cumulative states into one set of streams, and the
// totals it keeps for workers that are gone.
//
// Invariants:
// - Output is a pure function of (retained totals, live workers' last states): merging never
//   mutates a worker's state or the retained totals, so a collection can be repeated.
// - Per stream at most `cardinalityLimit` series: the first series seen are admitted and stay
//   admitted (so a series never moves between itself and the overflow series, which would
//   make cumulative sums go backwards); later ones go to `otel.metric.overflow=true`.
// - Retained totals are the folded last states of exited workers, for monotonic sums and
//   histograms only: those are amounts that happened and must not vanish from a cumulative
//   total. Non-monotonic sums (in-flight requests, queue lengths) and gauges describe the
//   current state of a worker; when the worker is gone, its share is gone with it.
import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import {
  addSumPointInto,
  DataPointType,
  mergeExponentialHistogramPoints,
  mergeGaugePoints,
  mergeHistogramPoints,
  mergeSumPoints,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type MetricDescriptor,
  type MutableSumPoint,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { attributesKey } from './series-key';

/** 'worker' keeps one series per worker, told apart by a worker attribute. */
export type GaugePolicy = 'last' | 'min' | 'max' | 'sum' | 'worker';

export interface MergeSettings {
  cardinalityLimit: number;
  gaugePolicy(instrumentName: string): GaugePolicy;
  workerAttribute: string;
  exponentialMaxSize: number;
}

export interface WorkerState {
  worker: string;
  scopes: ScopeMetrics[];
}

interface Stream {
  scope: InstrumentationScope;
  metric: MetricData;
  series: Map<string, DataPoint<unknown>>;
}

const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };
const OVERFLOW_KEY = attributesKey(OVERFLOW_ATTRIBUTES);

function streamKey(scope: InstrumentationScope, metric: MetricData): string {
  return JSON.stringify([scope.name, scope.version ?? '', scope.schemaUrl ?? '', metric.descriptor.name, metric.dataPointType, metric.aggregationTemporality]);
}

function isRetained(metric: MetricData): boolean {
  return (
    (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) ||
    metric.dataPointType === DataPointType.HISTOGRAM ||
    metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM
  );
}

export class MergedStreams {
  private readonly admitted = new Map<string, Set<string>>();
  private readonly retained = new Map<string, Stream>();
  private readonly reportedMismatch = new Set<string>();

  constructor(private readonly settings: MergeSettings) {}

  /** Folds an exited worker's last state into the retained totals (see the header). */
  retire(state: WorkerState): void {
    for (const { scope, metrics } of state.scopes) {
      for (const metric of metrics) {
        if (isRetained(metric)) this.fold(this.retained, scope, metric, state.worker, []);
      }
    }
  }

  /** Number of retained series (all streams); bounded by streams x cardinalityLimit. */
  get retainedSeries(): number {
    let n = 0;
    for (const stream of this.retained.values()) n += stream.series.size;
    return n;
  }

  merge(states: WorkerState[], errors: unknown[]): ScopeMetrics[] {
    const streams = new Map<string, Stream>();
    // Point copies: this pass adds sums in place, the retained totals must stay as they are.
    for (const [key, stream] of this.retained) {
      const series = new Map<string, DataPoint<unknown>>();
      for (const [k, p] of stream.series) series.set(k, { ...p });
      streams.set(key, { ...stream, series });
    }
    for (const state of states) {
      for (const { scope, metrics } of state.scopes) {
        for (const metric of metrics) this.fold(streams, scope, metric, state.worker, errors);
      }
    }
    return toScopes(streams);
  }

  private fold(streams: Map<string, Stream>, scope: InstrumentationScope, metric: MetricData, worker: string, errors: unknown[]): void {
    const key = streamKey(scope, metric);
    let stream = streams.get(key);
    if (!stream) {
      stream = { scope, metric, series: new Map() };
      streams.set(key, stream);
    }
    let admitted = this.admitted.get(key);
    if (!admitted) {
      admitted = new Set();
      this.admitted.set(key, admitted);
    }
    const policy = metric.dataPointType === DataPointType.GAUGE ? this.settings.gaugePolicy(metric.descriptor.name) : undefined;
    const isSum = metric.dataPointType === DataPointType.SUM;
    for (const original of metric.dataPoints as DataPoint<unknown>[]) {
      let point = original;
      if (policy === 'worker') point = { ...point, attributes: { ...point.attributes, [this.settings.workerAttribute]: worker } };
      let seriesKey = attributesKey(point.attributes);
      let existing = stream.series.get(seriesKey);
      if (!existing && !admitted.has(seriesKey)) {
        // One slot is kept for the overflow series, as the core does.
        if (seriesKey !== OVERFLOW_KEY && admitted.size >= this.settings.cardinalityLimit - 1) {
          seriesKey = OVERFLOW_KEY;
          point = { ...point, attributes: OVERFLOW_ATTRIBUTES };
          existing = stream.series.get(seriesKey);
        }
        admitted.add(seriesKey);
      }
      if (!existing) {
        // A copy this pass owns: sums are then added in place (the worker's state is never touched).
        stream.series.set(seriesKey, { ...point });
        continue;
      }
      if (isSum) {
        addSumPointInto(existing as MutableSumPoint, point as DataPoint<number>);
        continue;
      }
      const merged = this.mergePoint(metric, existing, point, policy);
      if (merged) {
        stream.series.set(seriesKey, merged);
      } else if (!this.reportedMismatch.has(key)) {
        this.reportedMismatch.add(key);
        errors.push(new Error(`@meterkit/cluster: histogram ${metric.descriptor.name} has different bucket boundaries in different workers; worker ${worker}'s points are left out`));
      }
    }
  }

  private mergePoint(metric: MetricData, a: DataPoint<unknown>, b: DataPoint<unknown>, policy: GaugePolicy | undefined): DataPoint<unknown> | undefined {
    switch (metric.dataPointType) {
      case DataPointType.SUM:
        return mergeSumPoints(a as DataPoint<number>, b as DataPoint<number>);
      case DataPointType.GAUGE:
        return mergeGaugePoints(a as DataPoint<number>, b as DataPoint<number>, policy === 'worker' || policy === undefined ? 'last' : policy);
      case DataPointType.HISTOGRAM:
        return mergeHistogramPoints(a as DataPoint<Histogram>, b as DataPoint<Histogram>);
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        return mergeExponentialHistogramPoints(a as DataPoint<ExponentialHistogram>, b as DataPoint<ExponentialHistogram>, this.settings.exponentialMaxSize);
    }
  }
}

function toScopes(streams: Map<string, Stream>): ScopeMetrics[] {
  const scopes = new Map<string, ScopeMetrics>();
  for (const { scope, metric, series } of streams.values()) {
    if (series.size === 0) continue;
    const key = JSON.stringify([scope.name, scope.version ?? '', scope.schemaUrl ?? '']);
    let out = scopes.get(key);
    if (!out) {
      out = { scope, metrics: [] };
      scopes.set(key, out);
    }
    const descriptor: MetricDescriptor = metric.descriptor;
    out.metrics.push({ ...metric, descriptor, dataPoints: [...series.values()] } as MetricData);
  }
  return [...scopes.values()];
}
