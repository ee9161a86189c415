import { AggregationType, DataPointType, MeterProvider, type ExponentialHistogram, type View } from '../src';
import { CUMULATIVE, DELTA, TestReader } from './helpers';

// A minimal view selecting one instrument by name, so the core is tested without @meterkit/views.
function exponentialView(name: string, maxSize?: number): View {
  return {
    matches: (instrument) => instrument.name === name,
    aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize } },
  };
}

describe('exponential histogram through the MeterProvider', () => {
  it.each([CUMULATIVE, DELTA])('is selected by a view and exported with scale and buckets (temporality %s)', async (temporality) => {
    const reader = new TestReader({ temporality });
    const meter = new MeterProvider({ readers: [reader], views: [exponentialView('latency', 4)] }).getMeter('m');
    const h = meter.createHistogram('latency');
    for (const v of [1, 2, 3, 4]) h.record(v);
    let metric = await reader.metric('latency');
    expect(metric?.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    let value = metric!.dataPoints[0].value as ExponentialHistogram;
    expect(value).toMatchObject({ count: 4, sum: 10, min: 1, max: 4, zeroCount: 0 });
    expect(value.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(value.positive.bucketCounts.length).toBeLessThanOrEqual(4);

    h.record(8);
    metric = await reader.metric('latency');
    value = metric!.dataPoints[0].value as ExponentialHistogram;
    expect(value.count).toBe(temporality === CUMULATIVE ? 5 : 1);
    expect(value.max).toBe(8);
  });

  it('is selected by a reader aggregation selector', async () => {
    const reader = new TestReader({
      aggregationSelector: () => ({ type: AggregationType.EXPONENTIAL_HISTOGRAM }),
    });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    meter.createHistogram('h').record(5);
    expect((await reader.metric('h'))?.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
  });
});
