// The view option `exemplarReservoir` (the specification's stream parameter
// `exemplar_reservoir`): checked when the view is built, then used by the provider for every
// series of the selected streams.
import { AggregationType, MeterProvider } from '@meterkit/sdk-metrics-core';
import { createTestProvider, TestReader } from '@meterkit/sdk-metrics-core/testing';
import { alignedHistogramBucketExemplarReservoir, createView, simpleFixedSizeExemplarReservoir, type ExemplarReservoirFactory } from '../src';

describe('exemplarReservoir view option', () => {
  test('a reservoir factory is kept on the view; anything else is refused at build time', () => {
    const factory = simpleFixedSizeExemplarReservoir(3);
    expect(createView({ instrumentName: 'x', exemplarReservoir: factory }).exemplarReservoir).toBe(factory);
    expect('exemplarReservoir' in createView({ instrumentName: 'x' })).toBe(false);
    expect(() => createView({ instrumentName: 'x', exemplarReservoir: 3 as never })).toThrow(/'exemplarReservoir' must be a reservoir factory/);
    expect(() => simpleFixedSizeExemplarReservoir(0)).toThrow(RangeError);
    expect(() => alignedHistogramBucketExemplarReservoir([5, 1])).toThrow(RangeError);
  });

  test('views built with createView and plain view options both choose the reservoir of their streams', async () => {
    const sizes: string[] = [];
    const counting =
      (label: string, inner: ExemplarReservoirFactory): ExemplarReservoirFactory =>
      (ctx) => {
        sizes.push(`${label}:${ctx.instrument.name}:${JSON.stringify(ctx.pointAttributes)}`);
        return inner(ctx);
      };
    const { provider, reader } = createTestProvider({
      exemplarFilter: 'always_on',
      views: [
        createView({ instrumentName: 'five', exemplarReservoir: counting('five', simpleFixedSizeExemplarReservoir(5)) }),
        createView({
          instrumentName: 'latency',
          aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2, 3] } },
          // A single slot for the whole histogram instead of one per bucket.
          exemplarReservoir: simpleFixedSizeExemplarReservoir(1),
        }),
      ],
    });
    const meter = provider.getMeter('m');
    const five = meter.createCounter('five');
    for (let i = 0; i < 50; i++) five.add(1, { k: i % 2 });
    const latency = meter.createHistogram('latency');
    for (const v of [0.5, 1.5, 2.5, 3.5]) latency.record(v);
    const metrics = await reader.metrics();
    for (const p of metrics.find((m) => m.descriptor.name === 'five')!.dataPoints) expect(p.exemplars).toHaveLength(5);
    expect(metrics.find((m) => m.descriptor.name === 'latency')!.dataPoints[0].exemplars).toHaveLength(1);
    // One reservoir per series, made when its first exemplar was offered.
    expect(sizes.sort()).toEqual(['five:five:{"k":0}', 'five:five:{"k":1}']);
    await provider.shutdown();

    // Plain options (the official SDK's way of writing views) take the option too.
    const plainReader = new TestReader();
    const plain = new MeterProvider({
      exemplarFilter: 'always_on',
      readers: [plainReader],
      views: [{ instrumentName: 'two', exemplarReservoir: simpleFixedSizeExemplarReservoir(2) }],
    });
    const two = plain.getMeter('m').createCounter('two');
    for (let i = 0; i < 10; i++) two.add(i);
    expect((await plainReader.metric('two'))!.dataPoints[0].exemplars).toHaveLength(2);
    await plain.shutdown();
  });
});
