import { MeterProvider } from '../src';
import { CUMULATIVE, DELTA, TestReader, captureDiag, pointsOf } from './helpers';

describe('several readers on one provider', () => {
  it('each reader has its own temporality and collecting on one never disturbs another', async () => {
    const delta = new TestReader({ temporality: DELTA });
    const cumulative = new TestReader({ temporality: CUMULATIVE });
    const delta2 = new TestReader({ temporality: DELTA });
    const meter = new MeterProvider({ readers: [delta, cumulative, delta2] }).getMeter('m');
    const c = meter.createCounter('c');
    let observed = 10;
    meter.createObservableCounter('o').addCallback((r) => r.observe(observed));

    c.add(1);
    expect(pointsOf(await delta.metric('c'))).toEqual([[{}, 1]]);
    c.add(2);
    expect(pointsOf(await delta.metric('c'))).toEqual([[{}, 2]]);
    expect(pointsOf(await cumulative.metric('c'))).toEqual([[{}, 3]]);
    // the second delta reader has not collected yet: it sees everything since its start
    expect(pointsOf(await delta2.metric('c'))).toEqual([[{}, 3]]);
    c.add(4);
    expect(pointsOf(await cumulative.metric('c'))).toEqual([[{}, 7]]);
    expect(pointsOf(await delta2.metric('c'))).toEqual([[{}, 4]]);
    expect(pointsOf(await delta.metric('c'))).toEqual([[{}, 4]]);

    // every collection above ran the callback for its own reader only: the delta readers
    // have already seen 10, so nothing changed for them
    expect(pointsOf(await delta.metric('o'))).toEqual([[{}, 0]]);
    observed = 15;
    expect(pointsOf(await delta.metric('o'))).toEqual([[{}, 5]]);
    expect(pointsOf(await cumulative.metric('o'))).toEqual([[{}, 15]]);
    expect(pointsOf(await delta2.metric('o'))).toEqual([[{}, 5]]);
  });

  it('cumulative readers with the same configuration see the same values', async () => {
    const a = new TestReader();
    const b = new TestReader();
    const meter = new MeterProvider({ readers: [a, b] }).getMeter('m');
    const h = meter.createHistogram('h');
    h.record(3);
    await a.metric('h');
    h.record(4);
    const [ma, mb] = [await a.metric('h'), await b.metric('h')];
    expect(ma!.dataPoints[0].value).toEqual(mb!.dataPoints[0].value);
    expect((ma!.dataPoints[0].value as { count: number }).count).toBe(2);
  });

  it('a reader can be registered on one provider only', () => {
    const diag = captureDiag();
    try {
      const reader = new TestReader();
      new MeterProvider({ readers: [reader] });
      expect(() => new MeterProvider({ readers: [reader] })).toThrow(/already registered on a MeterProvider/);
      expect(diag.messages.some((m) => m.level === 'error' && m.message.includes('already registered'))).toBe(true);
    } finally {
      diag.restore();
    }
  });

  it('collect() on a reader that is not registered fails with a clear error', async () => {
    await expect(new TestReader().collect()).rejects.toThrow(/not registered on a MeterProvider/);
  });
});
