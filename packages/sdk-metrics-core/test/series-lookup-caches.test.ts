// The hard paths of the lookup's caches (state/key-shape.ts, state/identity-cache.ts):
// each answer a cache gives must be the series the definition gives
// (docs/series-identity.md), whatever happened to the object since it was remembered.
// Every test runs with the production hash and with every set hash colliding, and with
// the identity cache remembering every object and consulted first (as in a long-running
// workload that reuses its objects).
import type { Attributes } from '@opentelemetry/api';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { MeterProvider, type View } from '../src';
import { collidingHashesForTesting } from '../src/state/attribute-hash';
import { IdentityCache, identityCacheSeam } from '../src/state/identity-cache';
import { CUMULATIVE, DELTA, TestReader, pointsOf } from './helpers';

function setup(temporality = CUMULATIVE, views: View[] = []) {
  const reader = new TestReader({ temporality });
  const provider = new MeterProvider({ readers: [reader], views });
  return { reader, meter: provider.getMeter('caches') };
}

/** The exported points as { canonical attributes JSON: value }, order-free. */
async function sums(reader: TestReader, name: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [attrs, value] of pointsOf(await reader.metric(name))) {
    const sorted = Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
    out[JSON.stringify(sorted)] = value;
  }
  return out;
}

describe.each([
  ['production hash', 32],
  ['every hash colliding', 0],
])('lookup caches, %s', (_name, bits) => {
  let restore: () => void = () => {};
  beforeAll(() => {
    restore = collidingHashesForTesting(bits);
    identityCacheSeam.always = true;
  });
  afterAll(() => {
    restore();
    identityCacheSeam.always = false;
  });

  it('an object remembered, then mutated in place (value, added key, deleted key, array element), lands in the right series each time', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const attrs: Attributes = { route: '/a', tags: ['x', 'y'] };
    for (let i = 0; i < 3; i++) c.add(1, attrs); // remembered, then found by identity
    attrs.route = '/b';
    c.add(10, attrs);
    c.add(10, attrs);
    attrs.extra = 1;
    c.add(100, attrs);
    delete attrs.extra;
    c.add(1000, attrs); // back to { route: '/b', tags }
    (attrs.tags as string[])[1] = 'z';
    c.add(10000, attrs);
    attrs.tags = ['x', 'y'];
    attrs.route = '/a';
    c.add(100000, attrs);
    expect(await sums(reader, 'c')).toEqual({
      '{"route":"/a","tags":["x","y"]}': 100003,
      '{"route":"/b","tags":["x","y"]}': 1020,
      '{"extra":1,"route":"/b","tags":["x","y"]}': 100,
      '{"route":"/b","tags":["x","z"]}': 10000,
    });
  });

  // A snapshot keeps the first values in fields of its own and the rest in an array
  // (identity-cache.ts, Snapshot): a change at any position must be seen, for every size.
  it.each([1, 4, 8, 9, 12])('an object of %i attributes changed at each position in turn lands in a new series each time', async (size) => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const attrs: Attributes = {};
    for (let k = 0; k < size; k++) attrs[`k${k}`] = `v${k}`;
    const expected: Record<string, number> = {};
    const record = (value: number) => {
      for (let i = 0; i < 3; i++) c.add(value, attrs); // remembered, then found by identity
      expected[JSON.stringify(Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]])))] = 3 * value;
    };
    record(1);
    for (let k = 0; k < size; k++) {
      attrs[`k${k}`] = `changed${k}`;
      record(k + 2);
    }
    expect(await sums(reader, 'c')).toEqual(expected);
  });

  it('a key deleted and added again (another key order) and a value becoming invalid are the definition\'s sets', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const attrs: Attributes = { a: 1, b: 2 };
    c.add(1, attrs);
    c.add(1, attrs);
    delete attrs.a;
    attrs.a = 1; // now enumerates b, a: the same set
    c.add(1, attrs);
    attrs.a = undefined; // { b: 2 }
    c.add(10, attrs);
    attrs.a = NaN;
    c.add(100, attrs);
    c.add(100, { a: NaN, b: 2 });
    expect(await sums(reader, 'c')).toEqual({ '{"a":1,"b":2}': 3, '{"b":2}': 10, '{"a":null,"b":2}': 200 });
  });

  it('one object used with two instruments (and with a filtering view on one) counts in each instrument\'s own series', async () => {
    const view: View = { matches: (i) => i.name === 'filtered', attributesProcessor: { process: (a) => a, keepKey: (k) => k === 'a' } };
    const { reader, meter } = setup(CUMULATIVE, [view]);
    const c = meter.createCounter('c');
    const f = meter.createCounter('filtered');
    const attrs: Attributes = { a: 1, b: 1 };
    for (let i = 0; i < 3; i++) {
      c.add(1, attrs);
      f.add(1, attrs);
    }
    attrs.b = 2;
    c.add(10, attrs);
    f.add(10, attrs);
    attrs.a = 2;
    f.add(100, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":1,"b":1}': 3, '{"a":1,"b":2}': 10 });
    expect(await sums(reader, 'filtered')).toEqual({ '{"a":1}': 13, '{"a":2}': 100 });
  });

  it('an object remembered before a delta collection finds a fresh series after it', async () => {
    const { reader, meter } = setup(DELTA);
    const c = meter.createCounter('c');
    const attrs: Attributes = { a: 1 };
    c.add(1, attrs);
    c.add(1, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":1}': 2 });
    c.add(5, attrs);
    attrs.a = 2;
    c.add(7, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":1}': 5, '{"a":2}': 7 });
    expect(await sums(reader, 'c')).toEqual({});
    c.add(1, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":2}': 1 });
  });

  it('an object remembered in the overflow series finds its own series once it is mutated to a known set, or after a delta collection frees room', async () => {
    const reader = new TestReader({ temporality: DELTA, cardinalitySelector: () => 2 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('caches');
    const c = meter.createCounter('c');
    c.add(1, { a: 1 });
    c.add(1, { a: 2 }); // the limit: later new sets go to the overflow series
    const attrs: Attributes = { a: 3, tags: ['x'] };
    c.add(10, attrs);
    c.add(10, attrs); // remembered in the overflow series
    (attrs.tags as string[])[0] = 'y'; // still a new set: overflow
    c.add(10, attrs);
    delete attrs.tags;
    attrs.a = 1; // a set of the table
    c.add(100, attrs);
    attrs.a = 3;
    c.add(1000, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":1}': 101, '{"a":2}': 1, '{"otel.metric.overflow":true}': 1030 });
    c.add(5, attrs); // room again: its own series
    expect(await sums(reader, 'c')).toEqual({ '{"a":3}': 5 });
  });

  it('two key orders alternating, and more key lists than the shapes kept, stay exact', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const expected: Record<string, number> = {};
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 40; i++) {
        // 40 key lists (more than the table keeps), each in two orders, values by round
        const key = `k${i}`;
        c.add(1, { [key]: round, z: 'v' });
        c.add(1, { z: 'v', [key]: round });
        const id = JSON.stringify({ [key]: round, z: 'v' });
        expected[id] = (expected[id] ?? 0) + 2;
      }
    }
    expect(await sums(reader, 'c')).toEqual(expected);
  });

  it('an input read into the alternate key order that turns out longer, or shorter, leaves no stale previous-call answer', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    c.add(1, { a: '1', b: '2' }); // key order [a, b]
    c.add(1, { b: '2', a: '1' }); // [b, a]: current now, [a, b] its alternate
    c.add(1, { a: '1', b: '2' }); // read into the alternate in one pass: the same series
    c.add(10, { a: '9', b: '2', c: '3' }); // read into the alternate, values written, then a third key
    c.add(100, { a: '9', b: '2' }); // the alternate holds these values now, but not their series
    c.add(1000, { a: '8' }); // read into the alternate, then one key short
    c.add(10000, { a: '8', b: '2' });
    expect(await sums(reader, 'c')).toEqual({
      '{"a":"1","b":"2"}': 3,
      '{"a":"9","b":"2","c":"3"}': 10,
      '{"a":"9","b":"2"}': 100,
      '{"a":"8"}': 1000,
      '{"a":"8","b":"2"}': 10000,
    });
  });

  it('an inherited enumerable key is never read as an attribute of a remembered object', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const proto: Attributes = {};
    const attrs = Object.create(proto) as Attributes;
    attrs.a = 1;
    attrs.b = 2;
    c.add(1, attrs);
    c.add(1, attrs);
    delete attrs.b;
    proto.b = 2; // for...in still gives a, b; the set is { a: 1 }
    c.add(10, attrs);
    expect(await sums(reader, 'c')).toEqual({ '{"a":1,"b":2}': 2, '{"a":1}': 10 });
  });
});

describe('identity cache memory', () => {
  it('an instrument of one series keeps none of the attributes objects it was given', async () => {
    const gc = vm.runInNewContext('gc') as () => void;
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const refs: WeakRef<object>[] = [];
    (() => {
      for (let i = 0; i < 3; i++) {
        const attrs = { route: '/r', status: 200 };
        c.add(1, attrs);
        c.add(1, attrs);
        refs.push(new WeakRef(attrs));
      }
    })();
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets are kept until the job ends
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    expect(await sums(reader, 'c')).toEqual({ '{"route":"/r","status":200}': 6 });
  });

  it('does not keep the attributes objects it remembers alive (only the latest one, for the previous-call check)', async () => {
    const gc = vm.runInNewContext('gc') as () => void;
    identityCacheSeam.always = true;
    try {
      const { meter } = setup();
      const c = meter.createCounter('c');
      const refs: WeakRef<object>[] = [];
      (() => {
        for (let i = 0; i < 50; i++) {
          const attrs = { route: `/r${i}` };
          c.add(1, attrs);
          c.add(1, attrs); // remembered
          c.add(1, attrs); // found by identity
          refs.push(new WeakRef(attrs));
        }
      })();
      await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets are kept until the job ends
      gc();
      expect(refs.slice(0, -1).filter((r) => r.deref() !== undefined)).toHaveLength(0);
    } finally {
      identityCacheSeam.always = false;
    }
  });
});

describe('identity cache probes after the input was read', () => {
  // Which of `calls` consecutive calls probe the map, each probe answered by `answer`.
  function probedCalls(cache: IdentityCache, calls: number, answer: (call: number) => 'hit' | 'miss'): number[] {
    const probed: number[] = [];
    for (let call = 0; call < calls; call++) {
      if (!cache.probes()) continue;
      probed.push(call);
      if (answer(call) === 'hit') cache.hit();
      else cache.probeMissed();
    }
    return probed;
  }

  it.each([
    ['every probe misses: spaced 1, 2, 4, 8, then every 16 calls', () => 'miss' as const, [0, 1, 3, 7, 15, 31, 47, 63]],
    ['every probe hits: every call', () => 'hit' as const, [0, 1, 2, 3, 4, 5, 6, 7]],
  ])('%s', (_name, answer, expected) => {
    expect(probedCalls(new IdentityCache(), expected[expected.length - 1] + 1, answer)).toEqual(expected);
  });

  it('one hit after a run of misses probes every call again, and clear() starts over', () => {
    const cache = new IdentityCache();
    probedCalls(cache, 200, () => 'miss');
    // A reused object is probed again within 16 calls; its hit restores probing on every call.
    const probed = probedCalls(cache, 40, (call) => (call >= 10 ? 'hit' : 'miss'));
    expect(probed[0]).toBeLessThan(16);
    const firstHit = probed.find((call) => call >= 10)!;
    expect(firstHit).toBeLessThan(10 + 16);
    expect(probed.filter((call) => call > firstHit)).toEqual(Array.from({ length: 39 - firstHit }, (_, i) => firstHit + 1 + i));
    probedCalls(cache, 200, () => 'miss');
    cache.clear();
    expect(probedCalls(cache, 4, () => 'miss')).toEqual([0, 1, 3]);
  });
});

// `gc` for the memory test (jest does not pass --expose-gc).
v8.setFlagsFromString('--expose-gc');
