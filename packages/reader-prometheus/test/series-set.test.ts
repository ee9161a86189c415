// The repeated-series set against a model: whatever order series come in, whichever of equal
// label sets comes first in a scrape wins, also when claims are found through the hint a
// series' labels keep (series-set.ts) and the hint is stale: taken over by an equal label
// set, chained with a colliding hash, dropped with the gone series, or left by another set.
import { canonicalKey } from '../src/rendered-labels';
import { SeriesSet, type ClaimableLabels } from '../src/series-set';

/** Seeded PRNG (mulberry32): the same sequence of scrapes on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const labels = (body: string, hash: number): ClaimableLabels => ({ body, hash, claim: undefined });

describe('SeriesSet', () => {
  test('the same labels twice in one scrape: the second is a repeat; again next scrape', () => {
    const set = new SeriesSet();
    const a = labels('k="a"', 1);
    for (const scrape of [1, 2, 3]) {
      set.begin(scrape);
      expect([set.add(a), set.add(a)]).toEqual([true, false]);
    }
  });

  test('two series with equal labels: whichever comes first in a scrape wins, in any order over scrapes', () => {
    const set = new SeriesSet();
    const a = labels('k="v",j="w"', 7);
    const b = labels('j="w",k="v"', 7); // the same set, another order
    const orders = [[a, b], [b, a], [b, a], [a, b], [a, b], [b, a]];
    orders.forEach((order, i) => {
      set.begin(i + 1);
      expect(order.map((l) => set.add(l))).toEqual([true, false]);
    });
  });

  test('different labels with one hash are both kept, and a repeat of either is not', () => {
    const set = new SeriesSet();
    const a = labels('k="a"', 5);
    const b = labels('k="b"', 5);
    const a2 = labels('k="a"', 5);
    for (const scrape of [1, 2, 3]) {
      set.begin(scrape);
      expect([set.add(a), set.add(b), set.add(a2), set.add(b)]).toEqual([true, true, false, false]);
    }
  });

  test('a series seen by two sets (two formats) is claimed in each', () => {
    const text = new SeriesSet();
    const openMetrics = new SeriesSet();
    const a = labels('k="a"', 1);
    const b = labels('k="a"', 1);
    for (let scrape = 1; scrape <= 4; scrape++) {
      const set = scrape % 2 === 0 ? text : openMetrics;
      set.begin(scrape);
      expect([set.add(a), set.add(b)]).toEqual([true, false]);
    }
  });

  test.each([1, 2, 3, 4, 5])('random scrapes agree with a model of first-wins (seed %i)', (seed) => {
    const random = mulberry32(seed);
    // Series: a pool of label objects over fewer label sets and fewer hashes, so that equal
    // sets (repeats) and equal hashes of different sets (chains) are common, and more hashes
    // than a small scrape's 2 x claims + 64, so that a set drops the entries of gone series.
    const bodies = Array.from({ length: 200 }, (_, i) => `k="${i}"`);
    const hashOf = (body: string): number => Number(body.slice(3, -1)) % 97;
    const pool = Array.from({ length: 300 }, () => {
      const body = bodies[Math.floor(random() * bodies.length)]!;
      return labels(body, hashOf(body));
    });
    const keys = new Map(pool.map((series) => [series, canonicalKey(series)]));
    const sets = [new SeriesSet(), new SeriesSet()];
    const mismatches: string[] = [];
    for (let scrape = 1; scrape <= 300; scrape++) {
      const set = sets[random() < 0.8 ? 0 : 1]!;
      set.begin(scrape);
      // Scrapes of very different sizes, so that entries of gone series are dropped now and then.
      const size = random() < 0.2 ? Math.floor(random() * 5) : Math.floor(random() * 400);
      const seen = new Set<string>();
      for (let i = 0; i < size; i++) {
        const series = pool[Math.floor(random() * pool.length)]!;
        const key = keys.get(series)!;
        const expected = !seen.has(key);
        seen.add(key);
        if (set.add(series) !== expected) mismatches.push(`scrape ${scrape}, add ${i} (${key}): expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
