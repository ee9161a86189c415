import { InstrumentType, MeterProvider, type Histogram } from '../src';
import { CUMULATIVE, DELTA, TestReader, pointsOf } from './helpers';

const OVERFLOW = { 'otel.metric.overflow': true };

function setup(temporality = CUMULATIVE, limit = 3) {
  const reader = new TestReader({ temporality, cardinalitySelector: () => limit });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, meter: provider.getMeter('card') };
}

/** Points by attribute set, whatever their order (delta streams keep returning series in place). */
function byKey(points: Array<[unknown, unknown]>): Map<string, unknown> {
  return new Map(points.map(([attributes, value]) => [JSON.stringify(attributes), value]));
}

function total(points: Array<[unknown, unknown]>): number {
  return points.reduce((sum, [, v]) => sum + (v as number), 0);
}

describe('cardinality limit', () => {
  it('allows `limit` distinct sets and sends the next ones to the overflow series', async () => {
    const { reader, meter } = setup(CUMULATIVE, 3);
    const c = meter.createCounter('c');
    for (let i = 0; i < 3; i++) c.add(1, { id: i });
    let points = pointsOf(await reader.metric('c'));
    expect(points).toHaveLength(3);
    expect(points.some(([a]) => 'otel.metric.overflow' in a)).toBe(false);

    c.add(10, { id: 3 });
    c.add(20, { id: 4 });
    c.add(5, { id: 0 }); // an existing series keeps counting
    points = pointsOf(await reader.metric('c'));
    expect(points).toEqual([[{ id: 0 }, 6], [{ id: 1 }, 1], [{ id: 2 }, 1], [OVERFLOW, 30]]);
    // no measurement is lost or counted twice
    expect(total(points)).toBe(3 + 10 + 20 + 5);
  });

  it('cumulative streams keep exporting the series seen before overflow', async () => {
    const { reader, meter } = setup(CUMULATIVE, 2);
    const c = meter.createCounter('c');
    c.add(1, { id: 'a' });
    c.add(1, { id: 'b' });
    await reader.metric('c');
    for (let i = 0; i < 1000; i++) c.add(1, { id: `new-${i}` });
    const points = pointsOf(await reader.metric('c'));
    expect(points).toEqual([[{ id: 'a' }, 1], [{ id: 'b' }, 1], [OVERFLOW, 1000]]);
  });

  it('delta streams free idle series, so new sets fit again in the next interval', async () => {
    const { reader, meter } = setup(DELTA, 2);
    const c = meter.createCounter('c');
    c.add(1, { id: 'a' });
    c.add(1, { id: 'b' });
    c.add(1, { id: 'c' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'a' }, 1], [{ id: 'b' }, 1], [OVERFLOW, 1]]);
    c.add(1, { id: 'x' });
    c.add(1, { id: 'y' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'x' }, 1], [{ id: 'y' }, 1]]);
  });

  it('delta series reused across intervals never mix values of different sets', async () => {
    const { reader, meter } = setup(DELTA, 50);
    const c = meter.createCounter('c');
    const h = meter.createHistogram('h');
    for (let round = 0; round < 5; round++) {
      // a different population each interval, some sets recorded twice
      for (let i = 0; i < 40; i++) {
        c.add(i + 1, { round, i });
        h.record(i, { round, i });
        if (i % 3 === 0) c.add(1000, { round, i });
      }
      const metrics = await reader.metrics();
      const counter = pointsOf(metrics.find((m) => m.descriptor.name === 'c'));
      expect(counter).toHaveLength(40);
      for (const [attrs, value] of counter) {
        const i = attrs.i as number;
        expect(attrs.round).toBe(round);
        expect(value).toBe(i + 1 + (i % 3 === 0 ? 1000 : 0));
      }
      const histogram = metrics.find((m) => m.descriptor.name === 'h')!;
      expect(histogram.dataPoints).toHaveLength(40);
      for (const p of histogram.dataPoints) expect(p.value).toMatchObject({ count: 1, sum: p.attributes.i });
    }
  });

  // A delta stream keeps the series recorded on in the previous interval (state/series-table.ts,
  // forgetIdle/endInterval/makeRoom): the limit must still count only this interval's sets.
  describe('delta series kept from the previous interval', () => {
    it('give their room to the new sets of this interval', async () => {
      const { reader, meter } = setup(DELTA, 2);
      const c = meter.createCounter('c');
      c.add(1, { id: 'a' });
      c.add(1, { id: 'b' });
      await reader.metric('c');
      c.add(2, { id: 'x' }); // a and b are kept, not recorded on: x takes the room of one
      c.add(3, { id: 'a' }); // a was given up for x's room: a new set of this interval again
      c.add(4, { id: 'y' });
      expect(byKey(pointsOf(await reader.metric('c')))).toEqual(byKey([[{ id: 'a' }, 3], [{ id: 'x' }, 2], [OVERFLOW, 4]]));
    });

    it('recorded on again count in the order they come back', async () => {
      const { reader, meter } = setup(DELTA, 2);
      const c = meter.createCounter('c');
      const a = { id: 'a' };
      c.add(1, a);
      c.add(1, { id: 'b' });
      await reader.metric('c');
      c.add(5, a); // the same object, found by the identity cache
      c.add(6, { id: 'x' });
      c.add(7, { id: 'b' });
      expect(byKey(pointsOf(await reader.metric('c')))).toEqual(byKey([[{ id: 'a' }, 5], [{ id: 'x' }, 6], [OVERFLOW, 7]]));
    });

    it('a set sent to the overflow series in one interval gets its own series in the next if there is room', async () => {
      const { reader, meter } = setup(DELTA, 1);
      const c = meter.createCounter('c');
      const b = { id: 'b' };
      c.add(1, { id: 'a' });
      c.add(2, b); // overflow; the caches remember that for b
      c.add(2); // so does the attribute-less series
      expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'a' }, 1], [OVERFLOW, 4]]);
      c.add(3, b);
      c.add(4, b);
      c.add(5);
      expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'b' }, 7], [OVERFLOW, 5]]);
    });

    it('one a handle was bound to in this interval keeps its room until the next collection, even unbound', async () => {
      const { reader, meter } = setup(DELTA, 2);
      const c = meter.createCounter('c') as unknown as { add(v: number, a?: object): void; bind(a?: object): { add(v: number): void; unbind(): void } };
      c.add(1, { id: 'a' });
      await reader.metric('c');
      c.bind({ id: 'a' }).unbind(); // admitted in this interval by the binding, never recorded on
      c.add(2, { id: 'x' });
      c.add(3, { id: 'y' }); // a and x fill the limit
      expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'x' }, 2], [OVERFLOW, 3]]);
    });

    it('are forgotten after an interval without recordings', async () => {
      const { reader, meter } = setup(DELTA, 2);
      const c = meter.createCounter('c');
      c.add(1, { id: 'a' });
      c.add(1, { id: 'b' });
      await reader.metric('c');
      await reader.metric('c'); // nothing recorded: a and b go
      c.add(2, { id: 'x' });
      c.add(3, { id: 'y' });
      expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'x' }, 2], [{ id: 'y' }, 3]]);
    });
  });

  it('applies to histograms, with the overflow series aggregating the values', async () => {
    const { reader, meter } = setup(CUMULATIVE, 1);
    const h = meter.createHistogram('h');
    h.record(1, { id: 'a' });
    h.record(2, { id: 'b' });
    h.record(3, { id: 'c' });
    const metric = await reader.metric('h');
    const overflow = metric!.dataPoints.find((p) => p.attributes['otel.metric.overflow'] === true)!;
    expect((overflow.value as Histogram).count).toBe(2);
    expect((overflow.value as Histogram).sum).toBe(5);
  });

  it('defaults to 2000 and takes a per-reader, per-instrument-kind selector', async () => {
    const reader = new TestReader({ cardinalitySelector: (type) => (type === InstrumentType.COUNTER ? 5 : 2000) });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    const c = meter.createCounter('c');
    const u = meter.createUpDownCounter('u');
    for (let i = 0; i < 2500; i++) {
      c.add(1, { i });
      u.add(1, { i });
    }
    const metrics = await reader.metrics();
    expect(metrics.find((m) => m.descriptor.name === 'c')!.dataPoints).toHaveLength(6);
    expect(metrics.find((m) => m.descriptor.name === 'u')!.dataPoints).toHaveLength(2001);
  });

  it('bounds asynchronous instruments, preferring the first observed sets', async () => {
    const { reader, meter } = setup(CUMULATIVE, 2);
    meter.createObservableGauge('g').addCallback((r) => {
      for (let i = 0; i < 5; i++) r.observe(i, { i });
    });
    const points = pointsOf(await reader.metric('g'));
    expect(points).toEqual([[{ i: 0 }, 0], [{ i: 1 }, 1], [OVERFLOW, 4]]);
  });
});
