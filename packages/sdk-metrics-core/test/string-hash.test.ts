// The memo of long strings' hashes (state/string-hash.ts): whatever it holds or skips, a
// string's hash is hashChars of its characters; it stays within its capacity; it stands
// aside while it keeps missing and comes back when a working set fits again.
import { MeterProvider } from '../src';
import { collidingHashesForTesting, hashAttributes } from '../src/state/attribute-hash';
import { FNV_OFFSET, hashChars, LONG_STRING, MAX_LENGTH, StringHashMemo } from '../src/state/string-hash';
import { CUMULATIVE, TestReader, pointsOf } from './helpers';

/** The same characters in the representations V8 gives strings (flat, concatenated, sliced, two-byte). */
function representations(text: string): Array<[string, string]> {
  const half = text.length >> 1;
  const padded = `##${text}`;
  return [
    ['flat literal', text],
    ['concatenated at run time', text.slice(0, half) + String(text.slice(half))],
    ['sliced', padded.slice(2)],
    ['rebuilt from char codes', String.fromCharCode(...Array.from(text, (c) => c.charCodeAt(0)))],
  ];
}

const TEXTS: Array<[string, string]> = [
  ['just long enough', 'r'.repeat(LONG_STRING)],
  ['a route', '/api/v1/organizations/org-7/projects/1234/members'],
  ['two-byte', 'Zürich → São Paulo → Kraków ✓✓✓'],
  ['longer than the memo keeps', 'x'.repeat(MAX_LENGTH + 1)],
];

describe('StringHashMemo', () => {
  it.each(TEXTS)('%s: every representation, first and second time, hashes as its characters', (_name, text) => {
    const memo = new StringHashMemo();
    const expected = hashChars(text, FNV_OFFSET);
    for (const [, value] of representations(text)) {
      expect(memo.hash(value)).toBe(expected);
      expect(memo.hash(value)).toBe(expected);
    }
    expect(memo.size).toBe(text.length > MAX_LENGTH ? 0 : 1);
  });

  it('never holds more than its capacity', () => {
    const memo = new StringHashMemo({ capacity: 8, epoch: 1 << 30 });
    for (let i = 0; i < 1000; i++) expect(memo.hash(`a long value number ${i}`)).toBe(hashChars(`a long value number ${i}`, FNV_OFFSET));
    expect(memo.size).toBe(8);
  });

  it('stands aside for spans that double up to the maximum while it keeps missing, hashing correctly throughout', () => {
    const memo = new StringHashMemo({ capacity: 8, epoch: 16, maxBypass: 64 });
    const spans: number[] = [];
    let run = 0;
    for (let i = 0; i < 2000; i++) {
      const value = `distinct value in turn ${i % 100}`;
      expect(memo.hash(value)).toBe(hashChars(value, FNV_OFFSET));
      if (memo.bypassing) run++;
      else if (run > 0) {
        spans.push(run);
        run = 0;
      }
    }
    // A span: the reviewing call (after which the memo stands aside) and the calls it lets pass.
    expect(spans.slice(0, 4)).toEqual([16, 32, 64, 64]);
    expect(memo.size).toBeLessThanOrEqual(8);
  });

  it('comes back to the map when a working set fits again, and keeps it', () => {
    const memo = new StringHashMemo({ capacity: 8, epoch: 16, maxBypass: 64 });
    for (let i = 0; i < 500; i++) memo.hash(`distinct value in turn ${i}`);
    const working = Array.from({ length: 4 }, (_, i) => `a working set value ${i}`);
    for (let i = 0; i < 200; i++) memo.hash(working[i % 4]);
    expect(memo.bypassing).toBe(false);
    expect(memo.size).toBe(4);
    for (let i = 0; i < 1000; i++) expect(memo.hash(working[i % 4])).toBe(hashChars(working[i % 4], FNV_OFFSET));
    expect(memo.bypassing).toBe(false);
    expect(memo.size).toBe(4);
  });

  it('replaces a full map of strings no longer used by the ones in use', () => {
    const memo = new StringHashMemo({ capacity: 8, epoch: 16, maxBypass: 64 });
    for (let i = 0; i < 16; i++) memo.hash(`an old value ${i % 8}`); // fills the map, and pays
    expect(memo.size).toBe(8);
    const current = Array.from({ length: 4 }, (_, i) => `a current value ${i}`);
    for (let i = 0; i < 300; i++) memo.hash(current[i % 4]);
    expect(memo.bypassing).toBe(false);
    expect(memo.size).toBe(4);
  });
});

describe('long string values in series', () => {
  it.each([
    ['production hash', 32],
    ['every hash colliding', 0],
  ])('equal long values built differently are one series (%s)', async (_name, bits) => {
    const restore = collidingHashesForTesting(bits);
    try {
      const reader = new TestReader({ temporality: CUMULATIVE });
      const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
      const route = '/api/v1/organizations/org-7/projects/1234/members';
      for (const [, value] of representations(route)) {
        counter.add(1, { route: value, method: 'GET' });
        counter.add(1, { method: 'GET', route: value, tags: [value, 'x'] });
      }
      const other = `${route.slice(0, 10)}X${route.slice(11)}`; // one character differs
      counter.add(100, { route: other, method: 'GET' });
      const points = pointsOf(await reader.metric('c')).map(([attrs, value]) => [JSON.stringify(attrs), value]);
      expect(points).toEqual(
        expect.arrayContaining([
          [JSON.stringify({ method: 'GET', route }), 4],
          [JSON.stringify({ method: 'GET', route, tags: [route, 'x'] }), 4],
          [JSON.stringify({ method: 'GET', route: other }), 100],
        ]),
      );
      expect(points).toHaveLength(3);
    } finally {
      restore();
    }
  });

  it('a set hashes the same whichever way its long values were built', () => {
    const route = '/api/v1/organizations/org-7/projects/1234/members';
    const hashes = new Set(representations(route).map(([, value]) => hashAttributes({ route: value, tags: [value] }, undefined)));
    expect(hashes.size).toBe(1);
  });
});
