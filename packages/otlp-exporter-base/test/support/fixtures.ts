import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@meterkit/sdk-metrics-core';

/** A hand-built collection: `metrics` sums named m0..m{n-1}, with `pointsPerMetric` points each. */
export function sumMetrics(metrics: number, pointsPerMetric: number, scopes = 1): ResourceMetrics {
  const now: [number, number] = [1_700_000_000, 0];
  const make = (scope: number, i: number): MetricData => ({
    descriptor: { name: `s${scope}.m${i}`, description: 'd', unit: '1', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: Array.from({ length: pointsPerMetric }, (_, p) => ({
      startTime: now,
      endTime: now,
      attributes: { p },
      value: p,
    })),
  });
  return {
    resource: resourceFromAttributes({ 'service.name': 'test' }),
    scopeMetrics: Array.from({ length: scopes }, (_, s) => ({
      scope: { name: `scope${s}` },
      metrics: Array.from({ length: metrics }, (_, i) => make(s, i)),
    })),
  };
}
