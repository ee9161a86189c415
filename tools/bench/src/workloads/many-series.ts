// Recording across many series: the workloads of services, where consecutive calls rarely
// repeat the previous call's set (so no library's one-entry cache helps). Every row has a
// lower-bound case: a `Map.get` on a key string computed before the loop, plus the same
// aggregation update in plain JS. That is the floor of "find one series among many": it
// neither reads the attributes object nor builds a key from it, which every library must.
import { AggregationType as MkAggregationType } from '@meterkit/sdk-metrics-core';
import { createView } from '@meterkit/views';
import { AggregationType as OtelAggregationType } from '@opentelemetry/sdk-metrics';
import { compileLoop } from '../compile-loop';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import { createProm } from '../sdks/prom';
import { distinctAttributeSets, METHODS, STATUSES } from './attributes';
import { otelCases, otelInstrument, promCase, V, type CaseSpec, type RowSpec } from './hot-path';

type AttrSet = Record<string, string | number | string[]>;

/** The lower bound's key of a set: its values joined (the keys are the same in every set). */
export function keysOf(sets: readonly AttrSet[]): string[] {
  return sets.map((s) => Object.values(s).map(String).join('|'));
}

// The default explicit-bucket boundaries of both SDKs (and of the prom-client cases).
const BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

/**
 * Histogram values of the many-series rows: 0.1 .. 7257.7 (every default bucket but the
 * last), cycling over 1,009 values while the sets cycle over 1,000 or 10,000, so every series
 * sees the whole range over time (with the value tied to the set, each series would always
 * hit one bucket, and an exponential histogram would never leave its first scale).
 */
export const HM = '(i % 1009) * 7.2 + 0.1';
const HM_MIN = 0.1;
const HM_MAX = 1008 * 7.2 + 0.1;

/** Default bucket count of an exponential histogram range (both SDKs). */
const EXP_MAX_SIZE = 160;

/**
 * The scale an exponential histogram settles at for values in [min, max]: the largest
 * scale <= 20 whose indices of min and max are fewer than `maxSize` apart.
 */
export function settledScale(min: number, max: number, maxSize = EXP_MAX_SIZE): number {
  const index = (v: number, s: number) => Math.ceil(Math.log2(v) * 2 ** s) - 1;
  let scale = 20;
  while (scale > -10 && index(max, scale) - index(min, scale) >= maxSize) scale--;
  return scale;
}

/** Loop source: the bucket `b` of value `x` by a linear scan of `bounds` (the default boundaries). */
const bucketScan = (x: string): string => `let b = 0; while (b < bounds.length && ${x} > bounds[b]) b++;`;

/** Loop source: a histogram entry `e`'s count, sum, min and max updated with value `x`. */
const histogramFields = (e: string, x: string): string =>
  `${e}.count++; ${e}.value += ${x}; if (${x} < ${e}.min) ${e}.min = ${x}; if (${x} > ${e}.max) ${e}.max = ${x};`;

/**
 * The lower bound: `Map.get(keys[i % keys.length])` (the key string computed before the
 * loop) and the aggregation's update in plain JS, written the simplest way:
 * - 'sum' adds to a number;
 * - 'histogram' finds the bucket by a linear scan of the 15 default boundaries (both SDKs
 *   scan linearly for lists this short) and updates the bucket, count, sum, min and max: the
 *   fields meterkit's explicit-bucket accumulation updates;
 * - 'exponential' computes the base-2 bucket index with `Math.log` at the scale the real
 *   aggregation settles at for the row's value range (computed beforehand: no range check,
 *   no rescaling, which the real one must do), counts it in a preallocated array, and
 *   updates count, sum, min and max.
 * The entries are mutated (heap writes V8 cannot drop) and the last one is read into the
 * loop's result, so nothing is optimised away.
 */
export function lowerBoundCase(keys: readonly string[], aggregation: 'sum' | 'histogram' | 'exponential' = 'sum', value = V): CaseSpec {
  return {
    impl: 'lower-bound',
    setup: () => {
      // The exponential bound's bucket array is sized for HM's range: other values would index
      // outside it (typed-array writes out of range are dropped silently, flattering the bound).
      if (aggregation === 'exponential' && value !== HM) throw new Error('lowerBoundCase: the exponential bound is built for the HM values');
      const scale = settledScale(HM_MIN, HM_MAX);
      const scaleFactor = Math.LOG2E * 2 ** scale;
      const lowestIndex = Math.ceil(Math.log(HM_MIN) * scaleFactor) - 1;
      const m = new Map<string, { value: number; count: number; min: number; max: number; buckets: Float64Array }>();
      const bucketCount = aggregation === 'exponential' ? EXP_MAX_SIZE : BOUNDARIES.length + 1;
      for (const k of keys) m.set(k, { value: 0, count: 0, min: Infinity, max: -Infinity, buckets: new Float64Array(bucketCount) });
      const n = keys.length;
      const update =
        aggregation === 'sum'
          ? `e.value += x;`
          : aggregation === 'histogram'
            ? `${bucketScan('x')} e.buckets[b]++; ${histogramFields('e', 'x')}`
            : `e.buckets[Math.ceil(Math.log(x) * scaleFactor) - 1 - lowestIndex]++; ${histogramFields('e', 'x')}`;
      return {
        run: compileLoop(
          { m, keys: [...keys], bounds: BOUNDARIES, scaleFactor, lowestIndex },
          `const e = m.get(keys[i % ${n}]); const x = ${value}; ${update} if (i === n - 1) s = e.value;`,
        ),
      };
    },
  };
}

/**
 * For reference beside the lower bound on the rows whose input is a fresh literal: the
 * bound plus what any implementation must do with an input it has not seen, namely build
 * the literal, read its own keys and values (for...in) and hash its values (FNV-1a over
 * the characters of strings). No lookup by that hash, no comparison: the bound's
 * `Map.get` on the precomputed key finds the series. Not a target: it says how much of
 * the distance to the bound is reading the input at all.
 */
export function readFloorCase(keys: readonly string[], literal: string, context: Record<string, unknown> = {}): CaseSpec {
  return {
    impl: 'read-floor',
    setup: () => {
      const m = new Map<string, { value: number }>();
      for (const k of keys) m.set(k, { value: 0 });
      const read =
        `const a = ${literal}; let h = 0; ` +
        `for (const k in a) { if (!hasOwn.call(a, k)) continue; const v = a[k]; ` +
        `if (typeof v === 'string') { for (let c = 0; c < v.length; c++) h = Math.imul(h ^ v.charCodeAt(c), 16777619); } ` +
        `else h = Math.imul(h ^ (v | 0), 16777619); }`;
      return {
        run: compileLoop(
          { ...context, m, keys: [...keys], hasOwn: Object.prototype.hasOwnProperty },
          `${read} const e = m.get(keys[i % ${keys.length}]); e.value += ${V}; s ^= h;`,
        ),
      };
    },
  };
}

/**
 * For reference beside the lower bound on the rows whose input is an object built beforehand
 * and passed again and again: the bound plus what any implementation must do with such an
 * object, since the application may have changed it since the last call, namely read its own
 * keys and values (for...in) and compare each value with the one stored for the series (by
 * `!==`; an array value is compared by identity, which is cheaper than comparing elements).
 * The bound's `Map.get` on the precomputed key finds the series and its stored values: no
 * hashing and no identity lookup. Not a target: it says how much of the distance to the bound
 * is reading the input at all.
 */
export function readObjectCase(sets: readonly AttrSet[]): CaseSpec {
  const keys = keysOf(sets);
  return {
    impl: 'read-object',
    setup: () => {
      const m = new Map<string, { value: number; values: unknown[] }>();
      sets.forEach((set, i) => m.set(keys[i], { value: 0, values: Object.values(set) }));
      return {
        run: compileLoop(
          { m, keys: [...keys], sets: [...sets], hasOwn: Object.prototype.hasOwnProperty },
          `const a = sets[i % ${sets.length}]; const e = m.get(keys[i % ${keys.length}]); const stored = e.values; let j = 0, d = 0; ` +
            `for (const k in a) { if (!hasOwn.call(a, k)) continue; if (a[k] !== stored[j++]) d++; } ` +
            `e.value += ${V} + d; if (i === n - 1) s = e.value;`,
        ),
      };
    },
  };
}

/** Sets of `count` distinct series with 8 attributes (valid prom-client label names). */
function eightAttributeSets(count: number): AttrSet[] {
  return distinctAttributeSets(count).map((s, i) => ({
    ...s,
    host: `host-${i % 7}`,
    region: i & 1 ? 'eu-west-1' : 'us-east-1',
    zone: `z${i % 3}`,
    version: '1.4.2',
    tenant: `t${i % 11}`,
  }));
}
const EIGHT_LABELS = ['method', 'route', 'status', 'host', 'region', 'zone', 'version', 'tenant'];

/** 1,000 sets holding an array value (each set its own array, built beforehand). */
function arraySets(count: number): AttrSet[] {
  return distinctAttributeSets(count).map((s, i) => ({ method: s.method, route: s.route, tags: ['web', i & 1 ? 'canary' : 'stable'] }));
}

/** Counter rows on N sets, round-robin over objects built beforehand. */
function roundRobinRow(id: string, title: string, sets: AttrSet[], labels?: string[], note?: string): RowSpec {
  const n = sets.length;
  return {
    id,
    title,
    note,
    cases: [
      ...otelCases('counter', `c.add(${V}, sets[i % ${n}]);`, { sets }, n + 16),
      ...(labels === undefined ? [] : [promCase('counter', `c.inc(sets[i % ${n}], ${V});`, { sets }, labels)]),
      lowerBoundCase(keysOf(sets)),
      readObjectCase(sets),
    ],
  };
}

/** 50 counters on one meter, 100 series each, calls interleaved across instruments. */
function interleavedCases(): CaseSpec[] {
  const sets = distinctAttributeSets(100);
  const body = `const k = i % 5000; cs[k % 50].add(${V}, sets[(k / 50) | 0]);`;
  const names = Array.from({ length: 50 }, (_, j) => `x${j}`);
  const otel = (['meterkit', 'otel'] as const).map(
    (impl): CaseSpec => ({
      impl,
      setup: () => {
        const sdk = impl === 'meterkit' ? createMeterkit() : createOtel();
        const cs = names.map((name) => sdk.meter.createCounter(name));
        return { run: compileLoop({ cs, sets }, body), teardown: () => sdk.shutdown() };
      },
    }),
  );
  const prom: CaseSpec = {
    impl: 'prom',
    setup: () => {
      const p = createProm();
      const cs = names.map((name) => p.counter(name));
      return { run: compileLoop({ cs, sets }, `const k = i % 5000; cs[k % 50].inc(sets[(k / 50) | 0], ${V});`) };
    },
  };
  // One map over all 5,000 (instrument, set) pairs, keyed in the loop's order.
  const keys = Array.from({ length: 5000 }, (_, k) => `${names[k % 50]}|${keysOf([sets[(k / 50) | 0]])[0]}`);
  return [...otel, prom, lowerBoundCase(keys)];
}

/**
 * A Counter and a Histogram recording the same 1,000 reused objects, in a provider with two
 * readers of different temporality (an OTLP exporter and a Prometheus endpoint side by
 * side): four streams, so each object is found in four series tables per iteration.
 * prom-client has no readers: one counter and one histogram.
 */
function twoReadersCases(): CaseSpec[] {
  const sets = distinctAttributeSets(1000);
  const limit = 1000 + 16;
  const otel = (['meterkit', 'otel'] as const).map(
    (impl): CaseSpec => ({
      impl,
      setup: () => {
        const sdk = impl === 'meterkit' ? createMeterkit({ secondReader: true, cardinalityLimit: limit }) : createOtel({ secondReader: true, cardinalityLimit: limit });
        const c = sdk.meter.createCounter('c');
        const h = sdk.meter.createHistogram('h');
        return { run: compileLoop({ sets, c, h }, `const a = sets[i % 1000]; c.add(${V}, a); h.record(${HM}, a);`), teardown: () => sdk.shutdown() };
      },
    }),
  );
  const prom: CaseSpec = {
    impl: 'prom',
    setup: () => {
      const p = createProm();
      const labels = ['method', 'route', 'status'];
      const c = p.counter('c', labels);
      const h = p.histogram('h', labels);
      return { run: compileLoop({ sets, c, h }, `const a = sets[i % 1000]; c.inc(a, ${V}); h.observe(a, ${HM});`) };
    },
  };
  // The bound: one Map.get per stream on the precomputed key, then that stream's update.
  const bound: CaseSpec = {
    impl: 'lower-bound',
    setup: () => {
      const keys = keysOf(sets);
      const sums = () => new Map(keys.map((k) => [k, { value: 0 }]));
      const histograms = () => new Map(keys.map((k) => [k, { value: 0, count: 0, min: Infinity, max: -Infinity, buckets: new Float64Array(BOUNDARIES.length + 1) }]));
      return {
        run: compileLoop(
          { keys, c1: sums(), c2: sums(), h1: histograms(), h2: histograms(), bounds: BOUNDARIES },
          `const k = keys[i % 1000]; const x = ${V}; const y = ${HM}; const e = c1.get(k); e.value += x; c2.get(k).value += x; ` +
            `${bucketScan('y')} const g = h1.get(k); g.buckets[b]++; ${histogramFields('g', 'y')} const f = h2.get(k); f.buckets[b]++; ${histogramFields('f', 'y')} ` +
            `if (i === n - 1) s = e.value + f.value;`,
        ),
      };
    },
  };
  return [...otel, prom, bound];
}

/** Histogram rows over `count` sets: explicit buckets and (through a view) exponential. */
function histogramCases(exponential: boolean, count: number): CaseSpec[] {
  const sets = distinctAttributeSets(count);
  const body = `c.record(${HM}, sets[i % ${count}]);`;
  if (!exponential) {
    return [
      ...otelCases('histogram', body, { sets }, count + 16),
      promCase('histogram', `c.observe(sets[i % ${count}], ${HM});`, { sets }),
      lowerBoundCase(keysOf(sets), 'histogram', HM),
    ];
  }
  return [
    {
      impl: 'meterkit',
      setup: () => {
        const view = createView({ instrumentName: 'x', aggregation: { type: MkAggregationType.EXPONENTIAL_HISTOGRAM } });
        const { instrument, teardown } = otelInstrument('meterkit', 'histogram', { mk: [view] }, count + 16);
        return { run: compileLoop({ c: instrument, sets }, body), teardown };
      },
    },
    {
      impl: 'otel',
      setup: () => {
        const { instrument, teardown } = otelInstrument('otel', 'histogram', {
          otel: [{ instrumentName: 'x', aggregation: { type: OtelAggregationType.EXPONENTIAL_HISTOGRAM } }],
        }, count + 16);
        return { run: compileLoop({ c: instrument, sets }, body), teardown };
      },
    },
    lowerBoundCase(keysOf(sets), 'exponential', HM),
  ];
}

export function manySeriesRows(): RowSpec[] {
  const freshSets = distinctAttributeSets(1000);
  const routes = freshSets.map((s) => s.route);
  // The literal's values are read from arrays built beforehand; its set is freshSets[i % 1000].
  const literal = `{ method: M[i % ${METHODS.length}], route: R[i % 1000], status: S[i % ${STATUSES.length}] }`;
  const freshContext = { M: METHODS, R: routes, S: STATUSES };
  // The same sets with 45-character routes built by a template, as a router or a URL
  // normaliser would build them (V8 keeps such a string as the parts it was built from).
  const longSets = freshSets.map((s, i) => ({ ...s, route: `/api/v1/organizations/org-${i % 17}/projects/${i}/members` }));
  const longLiteral = `{ method: M[i % ${METHODS.length}], route: L[i % 1000], status: S[i % ${STATUSES.length}] }`;
  const longContext = { M: METHODS, L: longSets.map((s) => s.route), S: STATUSES };
  return [
    roundRobinRow('many.counter.10000-sets', 'Counter.add, 10,000 distinct attribute sets round-robin (reused objects)', distinctAttributeSets(10_000), ['method', 'route', 'status']),
    roundRobinRow('many.counter.100000-sets', 'Counter.add, 100,000 distinct attribute sets round-robin (reused objects)', distinctAttributeSets(100_000), ['method', 'route', 'status']),
    roundRobinRow('many.counter.8-attributes', 'Counter.add, 1,000 sets of 8 attributes round-robin (reused objects)', eightAttributeSets(1000), EIGHT_LABELS),
    roundRobinRow(
      'many.counter.array-value',
      'Counter.add, 1,000 sets with an array-valued attribute round-robin (reused objects)',
      arraySets(1000),
      undefined,
      'prom-client label values cannot be arrays: no prom-client case',
    ),
    {
      id: 'many.counter.fresh-literal',
      title: 'Counter.add, a fresh object literal per call over 1,000 sets',
      cases: [
        ...otelCases('counter', `c.add(${V}, ${literal});`, freshContext),
        promCase('counter', `c.inc(${literal}, ${V});`, freshContext),
        lowerBoundCase(keysOf(freshSets)),
        readFloorCase(keysOf(freshSets), literal, freshContext),
      ],
    },
    {
      id: 'many.counter.fresh-literal-long-values',
      title: 'Counter.add, a fresh object literal per call over 1,000 sets with 45-character routes',
      cases: [
        ...otelCases('counter', `c.add(${V}, ${longLiteral});`, longContext),
        promCase('counter', `c.inc(${longLiteral}, ${V});`, longContext),
        lowerBoundCase(keysOf(longSets)),
        readFloorCase(keysOf(longSets), longLiteral, longContext),
      ],
    },
    {
      id: 'many.counter-histogram.two-readers',
      title: 'Counter.add and Histogram.record on the same 1,000 reused objects, two readers (cumulative and delta), per pair of calls',
      note: 'four streams per pair of calls; prom-client has no readers: one counter and one histogram',
      cases: twoReadersCases(),
    },
    {
      id: 'many.counter.50-instruments',
      title: 'Counter.add, 50 instruments x 100 series, calls interleaved',
      cases: interleavedCases(),
    },
    ...[1000, 10_000].flatMap((count): RowSpec[] => {
      const sets = count.toLocaleString('en-US');
      return [
        { id: `many.histogram.${count}-sets`, title: `Histogram.record, default buckets, ${sets} sets round-robin`, cases: histogramCases(false, count) },
        {
          id: `many.histogram.exponential.${count}-sets`,
          title: `Histogram.record, exponential histogram aggregation (view), ${sets} sets round-robin`,
          note: 'no prom-client case: prom-client has no exponential (native) histogram',
          cases: histogramCases(true, count),
        },
      ];
    }),
  ];
}
