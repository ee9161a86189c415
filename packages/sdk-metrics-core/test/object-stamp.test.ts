// The identity cache writes to the application's own attributes objects (a private field,
// state/object-stamp.ts). These tests check the promise that makes that acceptable: nothing
// the application can observe about the object changes, objects that cannot take a field
// (frozen, proxies) are left alone, and a stamp never keeps a provider alive. Then where the
// cache puts each snapshot (the chain of tables on one object, the table beyond it, the
// WeakMap), and that a snapshot of another table or of an earlier generation is never an
// answer.
import * as util from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { MeterProvider } from '../src';
import { IdentityCache, identityCacheSeam, Snapshot } from '../src/state/identity-cache';
import { readStamp, writeStamp } from '../src/state/object-stamp';
import { CUMULATIVE, TestReader } from './helpers';

v8.setFlagsFromString('--expose-gc'); // for vm.runInNewContext('gc') below

/** Everything the application can see of an object without the private name. */
function observable(obj: object): unknown {
  return {
    keys: Object.keys(obj),
    ownKeys: Reflect.ownKeys(obj).map(String),
    descriptors: Object.getOwnPropertyDescriptors(obj),
    json: JSON.stringify(obj),
    inspected: util.inspect(obj, { showHidden: true, depth: 5 }),
    cloned: structuredClone(obj),
    forIn: (() => {
      const keys: string[] = [];
      for (const key in obj) keys.push(key);
      return keys;
    })(),
    extensible: Object.isExtensible(obj),
    prototype: Object.getPrototypeOf(obj),
  };
}

const snapshotOf = (series: string): Snapshot => new Snapshot(series, ['route'], ['/a']);

/** The snapshots chained from `first` (Snapshot.next), first included. */
function chainOf(first: Snapshot | undefined): Snapshot[] {
  const chain: Snapshot[] = [];
  for (let link = first; link !== undefined; link = link.next) chain.push(link);
  return chain;
}

describe('object stamps', () => {
  it('a stamped object looks exactly as before to every reflection the application has', () => {
    const attrs = { route: '/a', status: 200, tags: ['x'] };
    const before = observable(attrs);
    expect(writeStamp(attrs, { anything: 1 })).toBe(true);
    expect(readStamp(attrs)).toEqual({ anything: 1 });
    expect(observable(attrs)).toEqual(before);
    // The application can still change, freeze and copy it as usual.
    attrs.status = 500;
    Object.freeze(attrs);
    expect({ ...attrs }).toEqual({ route: '/a', status: 500, tags: ['x'] });
    expect(readStamp({ ...attrs })).toBeUndefined(); // a copy carries no stamp
  });

  it('frozen, sealed and non-extensible objects and proxies are not stamped (and no proxy trap runs)', () => {
    const traps: string[] = [];
    const handler: ProxyHandler<object> = {};
    for (const trap of ['isExtensible', 'preventExtensions', 'defineProperty', 'set', 'get', 'has', 'ownKeys', 'getOwnPropertyDescriptor'] as const) {
      (handler as Record<string, unknown>)[trap] = (...args: unknown[]) => {
        traps.push(trap);
        return (Reflect[trap] as (...a: unknown[]) => unknown)(...args);
      };
    }
    const proxy = new Proxy({ route: '/a' }, handler);
    for (const target of [Object.freeze({ a: 1 }), Object.seal({ a: 1 }), Object.preventExtensions({ a: 1 }), proxy]) {
      expect(writeStamp(target, 'x')).toBe(false);
      expect(readStamp(target)).toBeUndefined();
    }
    expect(traps).toEqual([]);
  });

  it('recording on an object through the SDK leaves what the application sees unchanged', async () => {
    identityCacheSeam.always = true; // remember every object at once
    try {
      const reader = new TestReader({ temporality: CUMULATIVE });
      const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
      const counter = meter.createCounter('c');
      const histogram = meter.createHistogram('h');
      const attrs = { route: '/a', method: 'GET' };
      const before = observable(attrs);
      counter.add(1, { route: '/b' }); // a table of one series remembers no object
      histogram.record(1, { route: '/b' });
      for (let i = 0; i < 3; i++) {
        counter.add(1, attrs);
        histogram.record(2, attrs);
      }
      expect(readStamp(attrs)).toBeInstanceOf(Snapshot); // it was stamped
      expect(observable(attrs)).toEqual(before);
      const points = (await reader.metric('c'))?.dataPoints ?? [];
      expect(points.map((p) => [p.attributes, p.value])).toEqual([
        [{ route: '/b' }, 1],
        [{ method: 'GET', route: '/a' }, 3],
      ]);
    } finally {
      identityCacheSeam.always = false;
    }
  });

  it('a stamp does not keep the provider, meter or instrument that left it alive', async () => {
    const gc = vm.runInNewContext('gc') as () => void;
    identityCacheSeam.always = true;
    const attrs = { route: '/kept-by-the-application' };
    let refs: WeakRef<object>[] = [];
    try {
      await (async () => {
        const provider = new MeterProvider({ readers: [new TestReader({ temporality: CUMULATIVE })] });
        const meter = provider.getMeter('m');
        const counter = meter.createCounter('c');
        counter.add(1, { route: '/other' }); // two series: the table remembers objects
        for (let i = 0; i < 3; i++) counter.add(1, attrs);
        expect(readStamp(attrs)).toBeInstanceOf(Snapshot);
        refs = [new WeakRef(provider), new WeakRef(meter), new WeakRef(counter)];
        await provider.shutdown();
      })();
    } finally {
      identityCacheSeam.always = false;
    }
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets are kept until the job ends
    gc();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true]);
    expect(readStamp(attrs)).toBeInstanceOf(Snapshot); // the object still holds its (stale) snapshot
  });
});

describe('where the identity cache keeps a snapshot', () => {
  it('on the object when it can take a stamp, else in its map; either way get() finds it', () => {
    const cache = new IdentityCache();
    const plain = { route: '/a' };
    const frozen = Object.freeze({ route: '/a' });
    const proxy = new Proxy({ route: '/a' }, {});
    const snapshots = [snapshotOf('plain'), snapshotOf('frozen'), snapshotOf('proxy')];
    cache.set(plain, snapshots[0]);
    cache.set(frozen, snapshots[1]);
    cache.set(proxy, snapshots[2]);
    expect(readStamp(plain)).toBe(snapshots[0]);
    expect(readStamp(frozen)).toBeUndefined();
    expect(readStamp(proxy)).toBeUndefined();
    expect([cache.get(plain), cache.get(frozen), cache.get(proxy)]).toEqual(snapshots);
    expect(cache.get({ route: '/a' })).toBeUndefined();
  });

  it("an object many caches remember: the first four chain their snapshots on it, the next 96 keep theirs in the first's table, the rest in their maps; none answers with another's", () => {
    const caches = Array.from({ length: 110 }, () => new IdentityCache());
    const attrs = { route: '/a' };
    const snapshots = caches.map((_, i) => snapshotOf(`cache ${i}`));
    caches.forEach((cache, i) => {
      expect(cache.get(attrs)).toBeUndefined(); // the stamps so far are only the others'
      cache.set(attrs, snapshots[i]);
      caches.slice(0, i + 1).forEach((earlier, k) => expect(earlier.get(attrs)).toBe(snapshots[k]));
    });
    const first = readStamp(attrs) as Snapshot;
    expect(chainOf(first)).toEqual(snapshots.slice(0, 4));
    const table = first.beyond!;
    expect([8, 16, 32, 64, 128]).toContain(table.length);
    const inTable = table.filter((entry) => entry !== undefined);
    expect(inTable).toHaveLength(96);
    expect(inTable.length * 4).toBeLessThanOrEqual(table.length * 3); // room left: probes end
    expect(new Set(inTable)).toEqual(new Set(snapshots.slice(4, 100)));
    for (const snapshot of snapshots.slice(100)) expect(table).not.toContain(snapshot); // in their maps
    caches.forEach((cache, i) => expect(cache.get(attrs)).toBe(snapshots[i]));

    // Remembering the object again replaces the cache's own place, wherever it is: first
    // (keeping the chain and the table), in the chain, in the table, in its map.
    const again = new Map([0, 2, 50, 105].map((i) => [i, snapshotOf(`cache ${i}, again`)]));
    for (const [i, snapshot] of again) caches[i].set(attrs, snapshot);
    const expected = snapshots.map((snapshot, i) => again.get(i) ?? snapshot);
    caches.forEach((cache, i) => expect(cache.get(attrs)).toBe(expected[i]));
    const firstAgain = readStamp(attrs) as Snapshot;
    expect(chainOf(firstAgain)).toEqual(expected.slice(0, 4));
    expect(firstAgain.beyond).toBe(table);
    expect(table.filter((entry) => entry !== undefined)).toHaveLength(96);
    expect(table).toContain(expected[50]);
    expect(table).not.toContain(snapshots[50]);
  });

  it('in the table, a cleared cache takes its own place again; a table never fills past 3/4', () => {
    const caches = Array.from({ length: 4 + 40 }, () => new IdentityCache());
    const attrs = { route: '/a' };
    caches.forEach((cache, i) => cache.set(attrs, snapshotOf(`cache ${i}`)));
    const table = (readStamp(attrs) as Snapshot).beyond!;
    const taken = (): number => table.filter((entry) => entry !== undefined).length;
    expect(taken()).toBe(40);
    for (let round = 0; round < 3; round++) {
      for (const cache of caches.slice(4)) {
        cache.clear();
        expect(cache.get(attrs)).toBeUndefined(); // its stale snapshot is no answer
        const fresh = snapshotOf(`round ${round}`);
        cache.set(attrs, fresh);
        expect(cache.get(attrs)).toBe(fresh);
      }
    }
    expect((readStamp(attrs) as Snapshot).beyond).toBe(table);
    expect(taken()).toBe(40);
    expect(taken() * 4).toBeLessThanOrEqual(table.length * 3);
  });

  it("after clear(), the cache's own stamps are no answer, and remembering the object again replaces its stamp", () => {
    const cache = new IdentityCache();
    const other = new IdentityCache();
    const attrs = { route: '/a' };
    const old = snapshotOf('old');
    cache.set(attrs, old);
    cache.clear();
    expect(cache.get(attrs)).toBeUndefined();
    // Another cache does not take over a link that is stale for its owner: it cannot know.
    const others = snapshotOf('other');
    other.set(attrs, others);
    expect(readStamp(attrs)).toBe(old);
    expect(old.next).toBe(others);
    const fresh = snapshotOf('new');
    cache.set(attrs, fresh);
    expect(readStamp(attrs)).toBe(fresh);
    expect(fresh.next).toBe(others);
    expect(cache.get(attrs)).toBe(fresh);
    expect(other.get(attrs)).toBe(others);
  });

  it('a snapshot of an object that cannot change is marked so (found again, it is not compared), and only such a one', () => {
    const cache = new IdentityCache();
    const unchangeable = (obj: object): boolean => {
      const snapshot = snapshotOf('x');
      cache.set(obj, snapshot);
      return snapshot.unchangeable;
    };
    expect(unchangeable(Object.freeze({ route: '/a', status: 200 }))).toBe(true);
    expect(unchangeable(Object.freeze({ tags: Object.freeze(['a', 'b']) }))).toBe(true);
    expect(unchangeable(Object.freeze({ tags: ['a', 'b'] }))).toBe(false); // the array can change in place
    expect(unchangeable(Object.freeze(Object.defineProperty({}, 'route', { get: () => '/a', enumerable: true })))).toBe(false);
    expect(unchangeable(Object.seal({ route: '/a' }))).toBe(false); // values still writable
    expect(unchangeable(new Proxy(Object.freeze({ route: '/a' }), {}))).toBe(false);
    expect(unchangeable({ route: '/a' })).toBe(false); // stamped: extensible, so it can change
  });

  it('frozen objects whose answers can change land in the right series every call', async () => {
    identityCacheSeam.always = true;
    try {
      const reader = new TestReader({ temporality: CUMULATIVE });
      const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
      let route = '/a';
      const withGetter = Object.freeze(Object.defineProperty({}, 'route', { get: () => route, enumerable: true }));
      const tags = ['x'];
      const withArray = Object.freeze({ tags });
      const plain = Object.freeze({ route: '/frozen' });
      for (let i = 0; i < 3; i++) {
        counter.add(1, withGetter);
        counter.add(1, withArray);
        counter.add(1, plain);
      }
      route = '/b';
      tags[0] = 'y';
      for (let i = 0; i < 2; i++) {
        counter.add(10, withGetter);
        counter.add(10, withArray);
        counter.add(10, plain);
      }
      const points = (await reader.metric('c'))?.dataPoints ?? [];
      const byJson = Object.fromEntries(points.map((p) => [JSON.stringify(p.attributes), p.value]));
      expect(byJson).toEqual({
        '{"route":"/a"}': 3,
        '{"tags":["x"]}': 3,
        '{"route":"/frozen"}': 23,
        '{"route":"/b"}': 20,
        '{"tags":["y"]}': 20,
      });
    } finally {
      identityCacheSeam.always = false;
    }
  });
});
