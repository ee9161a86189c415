// The compact per-series storage: the attribute copy a series keeps (sized for its keys:
// a constructor per key count, JSON.parse for a "__proto__" key or many keys), the
// open-addressing index (one slot word per series, full hashes recomputed when it grows),
// and the `updated` flag sharing a field with the start time.
import { sanitizeAttributes } from '../src/state/canonical-attributes';
import { SeriesIndex } from '../src/state/series-index';
import { SumAccumulation } from '../src/aggregators/sum';

describe('sanitizeAttributes copy', () => {
  it('keeps every valid value as given, keys sorted, as own enumerable properties of a plain object', () => {
    const route = ['/api', 'users'].join('/');
    const input: Record<string, unknown> = { z: -0, nan: NaN, inf: -Infinity, s: route, b: false, arr: [1, undefined, 3], bad: {} };
    Object.defineProperty(input, '__proto__', { value: 'p', enumerable: true, configurable: true, writable: true });
    const { attributes, invalidKeys } = sanitizeAttributes(input as never, undefined);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(['__proto__', 'arr', 'b', 'inf', 'nan', 's', 'z']);
    expect(Object.is(attributes.z, -0)).toBe(true);
    expect(attributes.nan).toBeNaN();
    expect(attributes.inf).toBe(-Infinity);
    expect(attributes.s).toBe(route);
    expect(attributes.b).toBe(false);
    expect(attributes.arr).toEqual([1, null, 3]);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toBe('p');
    expect(invalidKeys).toEqual(['bad']);
  });

  it('copies sets of every size the same way (a constructor per count, JSON.parse beyond 32 keys)', () => {
    for (const n of [1, 2, 3, 4, 5, 8, 32, 33, 40]) {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(i).padStart(2, '0')}`, i % 2 ? `v${i}` : i]));
      const { attributes } = sanitizeAttributes(input, undefined);
      expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
      expect(attributes.constructor).toBe(Object);
      expect(Object.entries(attributes)).toEqual(Object.entries(input));
    }
  });

  it('gives an empty object for an empty set, and JSON-escapes awkward keys', () => {
    expect(sanitizeAttributes({}, undefined).attributes).toEqual({});
    const keys = ['a"b', 'c\\d', '\u2028', '1', 'constructor'];
    const input = Object.fromEntries(keys.map((k, i) => [k, i]));
    const { attributes } = sanitizeAttributes(input, undefined);
    expect(Object.entries(attributes).sort()).toEqual(Object.entries(input).sort());
  });
});

describe('SeriesIndex', () => {
  const hashOf = (s: SumAccumulation) => Number(s.attributes.h);
  const make = (h: number) => new SumAccumulation().identify({ h });

  it('finds every series by probing from its hash, through growth, collisions and retain()', () => {
    const index = new SeriesIndex<SumAccumulation>(hashOf);
    const all: SumAccumulation[] = [];
    // Colliding low bits (multiples of 1024) and negative hashes, so that slot words carry high bits.
    for (let i = 0; i < 3000; i++) {
      const series = make(i % 3 === 0 ? i * 1024 : i % 3 === 1 ? -i * 7919 : i);
      index.insert(hashOf(series), series);
      all.push(series);
    }
    const find = (hash: number): SumAccumulation[] => {
      const found: SumAccumulation[] = [];
      for (let slot = index.start(hash); ; slot = index.next(slot)) {
        const s = index.seriesAt(slot);
        if (s === undefined) return found;
        if (index.hashMatches(slot, hash) && hashOf(s) === hash) found.push(s);
      }
    };
    for (const s of all) expect(find(hashOf(s))).toEqual([s]);
    index.retain((s) => all.indexOf(s) % 2 === 0);
    const order: SumAccumulation[] = [];
    index.forEach((s) => order.push(s));
    expect(order).toEqual(all.filter((_, i) => i % 2 === 0));
    for (const [i, s] of all.entries()) expect(find(hashOf(s))).toEqual(i % 2 === 0 ? [s] : []);
  });
});

describe('Accumulation updated flag and start time', () => {
  it('keeps the start time when the flag changes, and the flag when identified', () => {
    const series = new SumAccumulation().identify({});
    const start = series.startTime;
    expect(series.updated).toBe(false);
    series.record(1);
    expect(series.updated).toBe(true);
    expect(series.startTime).toEqual(start);
    series.updated = false;
    expect(series.updated).toBe(false);
    expect(series.startTime).toEqual(start);
  });
});
