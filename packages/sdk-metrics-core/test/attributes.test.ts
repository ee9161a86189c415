import { MeterProvider } from '../src';
import { CUMULATIVE, DELTA, TestReader, captureDiag, pointsOf } from './helpers';

function setup(temporality = CUMULATIVE) {
  const reader = new TestReader({ temporality });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, meter: provider.getMeter('attrs') };
}

describe('attribute sets', () => {
  it('are equal whatever their key order', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    c.add(1, { a: 1, b: 'x', c: true });
    c.add(1, { c: true, a: 1, b: 'x' });
    c.add(1, { b: 'x', c: true, a: 1 });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ a: 1, b: 'x', c: true }, 3]]);
  });

  it('a reused object that was mutated between calls is keyed by its current values', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const attrs: Record<string, string> = { route: '/a' };
    c.add(1, attrs);
    attrs.route = '/b';
    c.add(10, attrs);
    attrs.extra = 'yes';
    c.add(100, attrs);
    delete attrs.extra;
    c.add(1000, attrs);
    expect(pointsOf(await reader.metric('c'))).toEqual([
      [{ extra: 'yes', route: '/b' }, 100],
      [{ route: '/a' }, 1],
      [{ route: '/b' }, 1010],
    ]);
  });

  it('exported attributes are a copy: later mutation of the caller object does not change them', async () => {
    const { reader, meter } = setup();
    const attrs = { k: 'v' };
    meter.createCounter('c').add(1, attrs);
    attrs.k = 'changed';
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ k: 'v' }, 1]]);
  });

  it('distinguishes values of different types and keeps arrays', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    c.add(1, { k: 1 });
    c.add(1, { k: '1' });
    c.add(1, { k: true });
    c.add(1, { k: 'true' });
    c.add(1, { k: [1, 2] });
    c.add(1, { k: [1, 2] });
    const points = pointsOf(await reader.metric('c'));
    expect(points).toHaveLength(5);
    expect(points).toContainEqual([{ k: [1, 2] }, 2]);
    expect(points).toContainEqual([{ k: 1 }, 1]);
    expect(points).toContainEqual([{ k: '1' }, 1]);
  });

  it('a NaN attribute value keeps finding its one series', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    for (let i = 0; i < 5; i++) c.add(1, { ratio: NaN, list: [NaN] });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ list: [NaN], ratio: NaN }, 5]]);
  });

  it('no attributes, undefined and {} are the same empty set', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    c.add(1);
    c.add(1, undefined);
    c.add(1, {});
    expect(pointsOf(await reader.metric('c'))).toEqual([[{}, 3]]);
  });

  it('drops invalid attribute values with a diag warning, keeping the measurement', async () => {
    const diag = captureDiag();
    try {
      const { reader, meter } = setup();
      const c = meter.createCounter('bad.attrs');
      c.add(1, { ok: 'yes', obj: { nested: 1 } as never, fn: (() => 1) as never, mixed: [1, 'a'] as never });
      expect(pointsOf(await reader.metric('bad.attrs'))).toEqual([[{ ok: 'yes' }, 1]]);
      const warning = diag.messages.find((m) => m.message.includes('bad.attrs'));
      expect(warning?.message).toMatch(/dropped attribute\(s\) "fn", "mixed", "obj"/);
    } finally {
      diag.restore();
    }
  });

  it('attributes that throw when read drop the measurement with a warning, never throwing into the app', async () => {
    const diag = captureDiag();
    try {
      const { reader, meter } = setup();
      const c = meter.createCounter('hostile');
      const hostile = Object.defineProperty({}, 'boom', {
        enumerable: true,
        get() {
          throw new Error('getter exploded');
        },
      });
      expect(() => c.add(1, hostile)).not.toThrow();
      c.add(2, { ok: true });
      expect(pointsOf(await reader.metric('hostile'))).toEqual([[{ ok: true }, 2]]);
      expect(diag.messages.some((m) => m.message.includes('getter exploded'))).toBe(true);
    } finally {
      diag.restore();
    }
  });

  it('the lookup cache stays correct across many distinct sets and delta forgetting', async () => {
    const { reader, meter } = setup(DELTA);
    const c = meter.createCounter('c');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) c.add(1, { id: i % 100, shard: i % 3 });
      const points = pointsOf(await reader.metric('c'));
      expect(points).toHaveLength(300);
      expect(points.every(([, v]) => v === 1)).toBe(true);
    }
  });
});
