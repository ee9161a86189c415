import '../src';
import { InstrumentType, MeterProvider, type MetricData } from '@meterkit/sdk-metrics-core';
import { TestReader } from '@meterkit/sdk-metrics-core/testing';

describe('plain view options (drop-in for @opentelemetry/sdk-metrics)', () => {
  it('are compiled by @meterkit/views once it is loaded, with the same validation as createView', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({
      readers: [reader],
      views: [{ instrumentName: 'traffic_volume', instrumentType: InstrumentType.COUNTER, name: 'request_count' }],
    });
    provider.getMeter('m').createCounter('traffic_volume').add(2);
    const { resourceMetrics } = await reader.collect();
    const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    expect(metrics.map((m) => [m.descriptor.name, m.dataPoints[0].value])).toEqual([['request_count', 2]]);

    expect(() => new MeterProvider({ views: [{ instrumentName: '*', name: 'renamed' }] })).toThrow(/name/);
  });

  it('take an aggregation type by name (plain JavaScript) and aggregate with it', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({
      readers: [reader],
      // As a JavaScript user or a config file writes it; TypeScript wants AggregationType.
      views: [{ instrumentName: 'latency', aggregation: { type: 'EXPLICIT_BUCKET_HISTOGRAM', options: { boundaries: [10, 100] } } } as never],
    });
    provider.getMeter('m').createHistogram('latency').record(50);
    const { resourceMetrics } = await reader.collect();
    const point = resourceMetrics.scopeMetrics[0].metrics[0].dataPoints[0].value as { buckets: { boundaries: number[]; counts: number[] } };
    expect(point.buckets).toEqual({ boundaries: [10, 100], counts: [0, 1, 0] });
  });
});
