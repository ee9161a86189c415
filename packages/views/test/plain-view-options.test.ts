import '../src';
import { MeterProvider, type MetricData } from '@meterkit/sdk-metrics-core';
import { TestReader } from '@meterkit/sdk-metrics-core/testing';

describe('plain view options (drop-in for @opentelemetry/sdk-metrics)', () => {
  it('are compiled by @meterkit/views once it is loaded, with the same validation as createView', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({
      readers: [reader],
      views: [{ instrumentName: 'traffic_volume', instrumentType: 'COUNTER', name: 'request_count' }],
    });
    provider.getMeter('m').createCounter('traffic_volume').add(2);
    const { resourceMetrics } = await reader.collect();
    const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    expect(metrics.map((m) => [m.descriptor.name, m.dataPoints[0].value])).toEqual([['request_count', 2]]);

    expect(() => new MeterProvider({ views: [{ instrumentName: '*', name: 'renamed' }] })).toThrow(/name/);
  });
});
