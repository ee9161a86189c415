// The compiled stored-set comparators (state/stored-set-comparator.ts) and the key count in
// the index key (state/attribute-hash.ts, indexKey) that makes them decide equality:
// table-driven against a naive comparison, keys that must not be read as code, the key
// lists that get no comparator, sets that differ only by extra keys under a hash forced to
// collide, and a real process where code generation from strings is disallowed.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Attributes } from '@opentelemetry/api';
import { MeterProvider } from '../src';
import { collidingHashesForTesting, indexKey } from '../src/state/attribute-hash';
import { sanitizeAttributes } from '../src/state/canonical-attributes';
import { COMPILE_AFTER, cachedStoredSetComparator, storedSetComparator, storedSetComparatorSeam } from '../src/state/stored-set-comparator';
import { CUMULATIVE, TestReader, pointsOf } from './helpers';

/** Naive equality of a stored (sanitized) set with `values` under `keys`: own keys, NaN equal, arrays by element. */
function naiveEqual(stored: Attributes, keys: readonly string[], values: readonly unknown[]): boolean {
  if (Object.keys(stored).length !== keys.length) return false;
  return keys.every((key, i) => {
    if (!Object.prototype.hasOwnProperty.call(stored, key)) return false;
    const x = stored[key];
    const v = values[i];
    if (Object.is(x, v) || x === v) return true;
    if (Array.isArray(x) && Array.isArray(v)) {
      return x.length === v.length && x.every((e, j) => e === v[j] || (e !== e && v[j] !== v[j]) || (e === null && v[j] === undefined));
    }
    return false;
  });
}

/** A stored copy as the series table keeps it. */
const stored = (attributes: Attributes): Attributes => sanitizeAttributes(attributes, undefined).attributes;

describe('storedSetComparator', () => {
  const keys = ['method', 'route', 'status'];
  const compare = storedSetComparator(keys)!;
  const base = stored({ method: 'GET', route: '/a', status: 200 });

  it.each<[string, Attributes, unknown[]]>([
    ['the same values', base, ['GET', '/a', 200]],
    ['one value differs', base, ['GET', '/b', 200]],
    ['"200" is not 200', base, ['GET', '/a', '200']],
    ['an absent key read as undefined', stored({ method: 'GET', route: '/a', other: 1 }), ['GET', '/a', undefined]],
    ['NaN equals NaN', stored({ method: 'GET', route: '/a', status: NaN }), ['GET', '/a', NaN]],
    ['-0 equals 0', stored({ method: 'GET', route: '/a', status: 0 }), ['GET', '/a', -0]],
    ['arrays element by element', stored({ method: ['a', 'b'], route: '/a', status: 1 }), [['a', 'b'], '/a', 1]],
    ['arrays of other length', stored({ method: ['a', 'b'], route: '/a', status: 1 }), [['a'], '/a', 1]],
    ['a stored array passed back as it is', stored({ method: ['a'], route: '/a', status: 1 }), [undefined, '/a', 1]],
  ])('%s: as the naive comparison says', (_name, set, values) => {
    if (values[0] === undefined && Array.isArray(set.method)) values[0] = set.method; // the stored array itself
    expect(compare(set, values)).toBe(naiveEqual(set, keys, values));
  });

  it('never accepts what an absent key inherits from Object.prototype', () => {
    const inheritedKeys = ['a', 'toString', 'constructor', '__proto__', 'hasOwnProperty'];
    const compareInherited = storedSetComparator(inheritedKeys)!;
    const set = stored({ a: 1, b: 2, c: 3, d: 4, e: 5 }); // five keys, none of the inherited names
    const proto = Object.prototype as Record<string, unknown>;
    const values = [1, proto.toString, proto.constructor, Object.prototype, proto.hasOwnProperty];
    expect(compareInherited(set, values)).toBe(false);
    expect(naiveEqual(set, inheritedKeys, values)).toBe(false);
  });

  it('reads "__proto__" as the own key a stored set can hold', () => {
    const protoKeys = ['__proto__', 'b'];
    const set = stored(JSON.parse('{"__proto__": "x", "b": 1}') as Attributes);
    expect(Object.keys(set)).toEqual(['__proto__', 'b']);
    expect(storedSetComparator(protoKeys)!(set, ['x', 1])).toBe(true);
    expect(storedSetComparator(protoKeys)!(set, ['y', 1])).toBe(false);
  });

  // Keys are written into generated source: none of these may change what it does.
  it.each([
    ['quotes and backslashes', ['a"b', "c'd", 'e\\f', '`g`']],
    ['line terminators', ['line\nbreak', 'carriage\rreturn', 'sep\u2028', 'para\u2029']],
    ['template and comment syntax', ['${x}', '*/', '/*', '//']],
    ['code that would make every comparison true', ['"]) || true || (["', "']) || true || (['"]],
    ['integer-like and empty keys', ['0', '10', '']],
    ['lone surrogates and other scripts', ['\ud800', 'ключ', '键']],
  ])('compiles keys with %s and compares by their exact names', (_name, odd) => {
    const compareOdd = storedSetComparator(odd)!;
    expect(compareOdd).toBeDefined();
    const values = odd.map((_, i) => `v${i}`);
    const set = stored(Object.fromEntries(odd.map((key, i) => [key, values[i]])));
    expect(compareOdd(set, values)).toBe(true);
    for (let i = 0; i < odd.length; i++) {
      const other = values.slice();
      other[i] = 'different';
      expect(compareOdd(set, other)).toBe(false);
    }
  });

  it('gives no comparator for no keys or more than 14 (the for...in comparison is used)', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    expect(storedSetComparator([])).toBeUndefined();
    expect(storedSetComparator(many(14))).toBeDefined();
    expect(storedSetComparator(many(15))).toBeUndefined();
  });

  it('is compiled by a key shape only after COMPILE_AFTER candidate comparisons', async () => {
    const restore = collidingHashesForTesting(0); // every recorded set is a candidate of every other
    try {
      const reader = new TestReader({ temporality: CUMULATIVE });
      const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
      const keyList = ['compile', 'after', 'test'];
      expect(cachedStoredSetComparator(keyList)).toBeUndefined();
      // Two sets of one shape, alternating: each call compares with one stored candidate or two.
      const record = (calls: number) => {
        for (let i = 0; i < calls; i++) counter.add(1, { compile: i % 2, after: 'x', test: 'y' });
      };
      record(COMPILE_AFTER / 4);
      expect(cachedStoredSetComparator(keyList)).toBeUndefined();
      record(2 * COMPILE_AFTER);
      expect(cachedStoredSetComparator(keyList)).toBeDefined();
      const points = pointsOf(await reader.metric('c'));
      expect(points.map(([, value]) => value).reduce((a, b) => (a as number) + (b as number))).toBe(COMPILE_AFTER / 4 + 2 * COMPILE_AFTER);
    } finally {
      restore();
    }
  });

  it('is shared by key list (one compiled function, so one hidden class at each load)', () => {
    expect(storedSetComparator(['x', 'y'])).toBe(storedSetComparator(['x', 'y']));
    expect(storedSetComparator(['x', 'y'])).not.toBe(storedSetComparator(['y', 'x']));
  });
});

describe('indexKey', () => {
  it('keeps the key count exactly below 15, whatever the hash, the seam mask included', () => {
    for (const hash of [0, -1, 0x7fffffff, 0x12345678]) {
      for (let count = 0; count < 15; count++) expect(indexKey(hash, count) >>> 28).toBe(count);
      expect(indexKey(hash, 15) >>> 28).toBe(15);
      expect(indexKey(hash, 40) >>> 28).toBe(15);
    }
    const restore = collidingHashesForTesting(0);
    try {
      expect(indexKey(0x12345678, 3)).toBe(3 << 28);
    } finally {
      restore();
    }
  });
});

describe('sets that differ only by extra keys, every hash colliding', () => {
  let restore: () => void = () => {};
  beforeEach(() => {
    restore = collidingHashesForTesting(0);
    storedSetComparatorSeam.compileAfter = 1; // the comparators from the first comparison
  });
  afterEach(() => {
    restore();
    storedSetComparatorSeam.compileAfter = COMPILE_AFTER;
  });

  it.each([2, 13, 14, 15, 16])('a set of %i keys and its supersets are separate series', async (n) => {
    const reader = new TestReader({ temporality: CUMULATIVE });
    const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
    const setOf = (count: number, variant: number): Attributes =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i + 100 * variant]));
    // Fresh objects on every call (no identity cache), values alternating between two
    // variants (so no previous-call cache answers): every call is a hash probe in which
    // every stored set is a candidate. Largest first, so that a smaller input meets stored
    // supersets of itself.
    for (let round = 0; round < 50; round++) {
      for (const variant of [0, 1]) {
        counter.add(100, setOf(n + 2, variant));
        counter.add(10, setOf(n + 1, variant));
        counter.add(1, setOf(n, variant));
      }
    }
    const points = pointsOf(await reader.metric('c'));
    const expected = [0, 1].flatMap((variant) => [
      [setOf(n, variant), 50],
      [setOf(n + 1, variant), 500],
      [setOf(n + 2, variant), 5000],
    ]);
    expect(points).toHaveLength(6);
    expect(points).toEqual(expect.arrayContaining(expected));
  });
});

const dist = path.resolve(__dirname, '..', 'dist', 'index.js');
(fs.existsSync(dist) ? describe : describe.skip)('where code generation from strings is disallowed (requires `pnpm build`)', () => {
  it('records every set into its own series, with no error', () => {
    const script = `
      const core = require(${JSON.stringify(dist)});
      class R extends core.MetricReader { async onShutdown() {} async onForceFlush() {} }
      const reader = new R({ aggregationTemporalitySelector: () => core.AggregationTemporality.CUMULATIVE });
      const counter = new core.MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
      let threw = false;
      try { new Function('return 1'); } catch { threw = true; }
      for (let i = 0; i < 3000; i++) counter.add(1, { method: ['GET', 'POST'][i % 2], route: '/r' + (i % 100), status: 200 });
      reader.collect().then(({ resourceMetrics }) => {
        const points = resourceMetrics.scopeMetrics[0].metrics[0].dataPoints;
        console.log(JSON.stringify({ threw, series: points.length, total: points.reduce((s, p) => s + p.value, 0), each: [...new Set(points.map((p) => p.value))] }));
      });`;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], { encoding: 'utf8' });
    // 100 routes x 2 methods, with i % 2 and i % 100 in step: 100 sets of 30 calls each.
    expect(JSON.parse(out)).toEqual({ threw: true, series: 100, total: 3000, each: [30] });
  });
});
