// Differential tests: the same generated workloads through meterkit and through
// @opentelemetry/sdk-metrics 2.x, compared after every collection. Where the two differ by
// design (docs/migrating-from-sdk-metrics.md, "Series identity"), the difference is handled
// here explicitly, each at one place:
//  1. Invalid attribute values (undefined, null, objects, nested or mixed arrays): meterkit
//     drops the key, the official SDK keys and exports them as given. The official SDK gets
//     the valid part of each set (`validPart`).
//  2. The official SDK keeps a reference to the caller's attributes object as the exported
//     attributes, so mutating it later rewrites its export. It gets a copy per call.
//  3. NaN, Infinity and -Infinity values: meterkit keeps such sets apart (the specification
//     compares values); the official SDK's JSON key merges them. Points are compared at the
//     official SDK's identity (`officialKey`): meterkit's points that it would merge are
//     added up first (sums and histograms; gauges compare only unmerged keys), and the
//     asynchronous universe leaves such sets out (the official SDK keeps the last one).
//  4. Cardinality limits count differently (L against L - 1) and overflow differently:
//     limits are set out of reach here; overflow is checked against the specification by
//     the model-based tests.
//  5. Asynchronous series a callback stops observing: meterkit forgets them (specification),
//     the official SDK remembers them forever. Callbacks here observe their whole universe
//     every time; filtered asynchronous sums are added up by meterkit and last-value by the
//     official SDK, so asynchronous streams have no attribute filter here.
//  6. An observable counter that goes back (a reset) while two readers collect it: the
//     official SDK shares one memory between readers and sees the reset through the other
//     reader's collection; a meterkit reader compares with its own previous collection.
//     Observable counter values only grow here (resets are covered by the model tests).
// Series order is not compared (meterkit keeps creation order; see the model-based tests).
import type { Attributes, Meter } from '@opentelemetry/api';
import * as official from '@opentelemetry/sdk-metrics';
import { MeterProvider, createAllowListAttributesProcessor, type MetricData, type View } from '../../src';
import { TestReader, CUMULATIVE, DELTA } from '../helpers';
import { AttributeSource, Random } from '../support/model/random';
import { collidingHashesForTesting } from '../../src/state/attribute-hash';

const LONG_OPS = Number(process.env.METERKIT_FUZZ_OPS ?? 0);
const SEEDS = LONG_OPS > 0 ? Array.from({ length: 4 }, (_, i) => 2000 + i) : [11, 12];
const OPS_PER_SEED = LONG_OPS > 0 ? Math.ceil(LONG_OPS / 4) : 2500;
const TIMEOUT = LONG_OPS > 0 ? 24 * 3600_000 : 60_000;
const NO_LIMIT = 1_000_000;
const SEGMENT_OPS = 2500;

class OfficialReader extends official.MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/** Difference 1 and 2: a fresh copy of the valid own keys of `attributes`. */
function validPart(attributes: Attributes | undefined): Attributes | undefined {
  if (attributes === undefined) return undefined;
  const out: Attributes = {};
  for (const key of Object.keys(attributes)) {
    const value: unknown = attributes[key];
    const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    let copy: unknown;
    if (scalar(value)) copy = value;
    else if (Array.isArray(value)) {
      const types = new Set(value.filter((e) => e !== null && e !== undefined).map((e) => typeof e));
      if (types.size > 1 || !value.every((e) => e === null || e === undefined || scalar(e))) continue;
      copy = value.map((e) => (e === undefined ? null : e));
    } else continue;
    Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Difference 3: the official SDK's identity of a set (its hashAttributes). */
function officialKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((k) => [k, attributes[k]]));
}

type Summary = number | { count: number; sum: number; min: number; max: number; counts: number[] };

/** Points of one metric by officialKey; merged meterkit points are added up (`merged` lists their keys). */
function fold(metric: { dataPoints: Array<{ attributes: Attributes; value: unknown }> } | undefined): { points: Map<string, Summary>; merged: Set<string> } {
  const points = new Map<string, Summary>();
  const merged = new Set<string>();
  for (const p of metric?.dataPoints ?? []) {
    const key = officialKey(p.attributes);
    const v = p.value as number | { count: number; sum?: number; min?: number; max?: number; buckets: { counts: number[] } };
    const value: Summary =
      typeof v === 'number' ? v : { count: v.count, sum: v.sum ?? NaN, min: v.min ?? Infinity, max: v.max ?? -Infinity, counts: v.buckets.counts.slice() };
    const before = points.get(key);
    if (before === undefined) {
      points.set(key, value);
      continue;
    }
    merged.add(key);
    if (typeof before === 'number' && typeof value === 'number') points.set(key, before + value);
    else if (typeof before !== 'number' && typeof value !== 'number') {
      points.set(key, {
        count: before.count + value.count,
        sum: before.sum + value.sum,
        min: Math.min(before.min, value.min),
        max: Math.max(before.max, value.max),
        counts: before.counts.map((c, i) => c + value.counts[i]),
      });
    }
  }
  return { points, merged };
}

function compare(label: string, ours: MetricData | undefined, theirs: unknown, gauge: boolean): string | undefined {
  const a = fold(ours as never);
  const b = fold(theirs as never);
  const keys = new Set([...a.points.keys(), ...b.points.keys()]);
  for (const key of [...keys].sort()) {
    if (gauge && a.merged.has(key)) continue; // difference 3: the last value of merged gauges is not comparable
    const x = JSON.stringify(a.points.get(key));
    const y = JSON.stringify(b.points.get(key));
    if (x !== y) return `${label} ${key}: meterkit ${x}, official ${y}`;
  }
  return undefined;
}

interface SyncPlan {
  name: string;
  create: 'counter' | 'updown' | 'histogram' | 'gauge';
  allow?: string[];
}

const SYNC_PLANS: SyncPlan[] = [
  { name: 'counter', create: 'counter' },
  { name: 'updown', create: 'updown' },
  { name: 'histogram', create: 'histogram' },
  { name: 'gauge', create: 'gauge' },
  { name: 'filtered', create: 'counter', allow: ['a', 'b', 'constructor'] },
];

function instrumentsOf(meter: Meter, plans: SyncPlan[]): Array<(value: number, attributes?: Attributes) => void> {
  return plans.map((plan) => {
    switch (plan.create) {
      case 'counter': {
        const c = meter.createCounter(plan.name);
        return (v, a) => c.add(v, a);
      }
      case 'updown': {
        const c = meter.createUpDownCounter(plan.name);
        return (v, a) => c.add(v, a);
      }
      case 'histogram': {
        const h = meter.createHistogram(plan.name);
        return (v, a) => h.record(v, a);
      }
      case 'gauge': {
        const g = meter.createGauge(plan.name);
        return (v, a) => g.record(v, a);
      }
    }
  });
}

/**
 * Runs `operations` in segments of SEGMENT_OPS, each on a fresh pair of providers: cumulative
 * streams without a cardinality limit grow with every new set, and collecting them all each
 * time would make a long run quadratic.
 */
async function runSync(seed: number, operations: number): Promise<string | undefined> {
  const random = new Random(seed);
  const source = new AttributeSource(random);
  for (let done = 0; done < operations; done += SEGMENT_OPS) {
    const failure = await runSyncSegment(seed, done, Math.min(SEGMENT_OPS, operations - done), random, source);
    if (failure !== undefined) return failure;
  }
  return undefined;
}

async function runSyncSegment(seed: number, first: number, operations: number, random: Random, source: AttributeSource): Promise<string | undefined> {
  const ours = { delta: new TestReader({ temporality: DELTA, cardinalitySelector: () => NO_LIMIT }), cumulative: new TestReader({ temporality: CUMULATIVE, cardinalitySelector: () => NO_LIMIT }) };
  const theirs = {
    delta: new OfficialReader({ aggregationTemporalitySelector: () => official.AggregationTemporality.DELTA, cardinalitySelector: () => NO_LIMIT }),
    cumulative: new OfficialReader({ aggregationTemporalitySelector: () => official.AggregationTemporality.CUMULATIVE, cardinalitySelector: () => NO_LIMIT }),
  };
  const views: View[] = SYNC_PLANS.filter((p) => p.allow).map((p) => ({ matches: (i) => i.name === p.name, attributesProcessor: createAllowListAttributesProcessor(p.allow!) }));
  const ourProvider = new MeterProvider({ readers: [ours.delta, ours.cumulative], views });
  const theirProvider = new official.MeterProvider({
    readers: [theirs.delta, theirs.cumulative],
    views: SYNC_PLANS.filter((p) => p.allow).map((p) => ({ instrumentName: p.name, attributesProcessors: [official.createAllowListAttributesProcessor(p.allow!)] })),
  });
  const ourInstruments = instrumentsOf(ourProvider.getMeter('diff'), SYNC_PLANS);
  const theirInstruments = instrumentsOf(theirProvider.getMeter('diff'), SYNC_PLANS);

  for (let op = first; op < first + operations; op++) {
    if (random.chance(0.9)) {
      const i = random.int(SYNC_PLANS.length);
      const attributes = source.next();
      const value = random.int(8) * 0.5 * (SYNC_PLANS[i].create === 'updown' && random.chance(0.3) ? -1 : 1);
      ourInstruments[i](value, attributes);
      theirInstruments[i](value, validPart(attributes));
      continue;
    }
    const which = random.chance(0.5) ? 'delta' : 'cumulative';
    const a = await ours[which].collect();
    const b = await theirs[which].collect();
    const ourMetrics = a.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const theirMetrics = b.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    for (const plan of SYNC_PLANS) {
      const difference = compare(
        `seed ${seed} op ${op} ${which} "${plan.name}"`,
        ourMetrics.find((m) => m.descriptor.name === plan.name),
        theirMetrics.find((m) => m.descriptor.name === plan.name),
        plan.create === 'gauge',
      );
      if (difference !== undefined) return difference;
    }
  }
  await Promise.all([ourProvider.shutdown(), theirProvider.shutdown()]);
  return undefined;
}

async function runAsync(seed: number, collections: number): Promise<string | undefined> {
  const random = new Random(seed);
  const source = new AttributeSource(random);
  // Difference 3 and 5: a fixed universe of sets, distinct under both identities.
  const universe: Attributes[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 200 && universe.length < 12; i++) {
    const valid = validPart(source.next()) ?? {};
    const key = officialKey(valid);
    const special = Object.values(valid).some((v) => typeof v === 'number' && !Number.isFinite(v));
    if (special || seen.has(key)) continue;
    seen.add(key);
    universe.push(valid);
  }
  const ours = { delta: new TestReader({ temporality: DELTA }), cumulative: new TestReader({ temporality: CUMULATIVE }) };
  const theirs = {
    delta: new OfficialReader({ aggregationTemporalitySelector: () => official.AggregationTemporality.DELTA }),
    cumulative: new OfficialReader({ aggregationTemporalitySelector: () => official.AggregationTemporality.CUMULATIVE }),
  };
  const ourProvider = new MeterProvider({ readers: [ours.delta, ours.cumulative] });
  const theirProvider = new official.MeterProvider({ readers: [theirs.delta, theirs.cumulative] });
  const kinds = ['counter', 'updown', 'gauge'] as const;
  // Both SDKs' callbacks observe the same values in one round: drawn once per round.
  let values: number[][] = [];
  const register = (meter: Meter, copy: boolean) =>
    kinds.forEach((kind, k) => {
      const o =
        kind === 'counter' ? meter.createObservableCounter(`o${kind}`) : kind === 'updown' ? meter.createObservableUpDownCounter(`o${kind}`) : meter.createObservableGauge(`o${kind}`);
      o.addCallback((result) => {
        // meterkit gets one object refilled for every observation (a common callback
        // pattern); the official SDK keeps references (difference 2) and gets copies.
        const reused: Attributes = {};
        universe.forEach((attrs, i) => {
          if (copy) return result.observe(values[k][i], validPart(attrs));
          for (const key of Object.keys(reused)) delete reused[key];
          for (const key of Object.keys(attrs)) Object.defineProperty(reused, key, { value: attrs[key], enumerable: true, writable: true, configurable: true });
          result.observe(values[k][i], reused);
        });
      });
    });
  register(ourProvider.getMeter('diff'), false);
  register(theirProvider.getMeter('diff'), true);

  let totals = universe.map(() => 0);
  for (let round = 0; round < collections; round++) {
    totals = totals.map((t) => t + random.int(5)); // difference 6: the counter only grows
    values = kinds.map((kind) => (kind === 'counter' ? totals.slice() : universe.map(() => random.int(20) - 5)));
    const which = random.chance(0.5) ? 'delta' : 'cumulative';
    const a = await ours[which].collect();
    const b = await theirs[which].collect();
    for (const kind of kinds) {
      const difference = compare(
        `seed ${seed} round ${round} ${which} "o${kind}"`,
        a.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === `o${kind}`),
        b.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === `o${kind}`),
        kind === 'gauge',
      );
      if (difference !== undefined) return difference;
    }
  }
  await Promise.all([ourProvider.shutdown(), theirProvider.shutdown()]);
  return undefined;
}

// Cardinality is unlimited here, so the collision variant keeps 6 bits (64 probe chains):
// still thousands of collisions, without making every lookup scan every series.
describe.each([
  ['production hash', 32],
  ['hash forced to collide (6 bits)', 6],
])('meterkit against @opentelemetry/sdk-metrics on generated workloads, %s', (_name, bits) => {
  let restore: () => void = () => {};
  beforeAll(() => {
    restore = collidingHashesForTesting(bits);
  });
  afterAll(() => restore());

  it.each(SEEDS)('synchronous instruments, views with filters, delta and cumulative: seed %i', async (seed) => {
    expect(await runSync(seed, OPS_PER_SEED)).toBeUndefined();
  }, TIMEOUT);

  it.each(SEEDS)('asynchronous instruments, delta and cumulative: seed %i', async (seed) => {
    expect(await runAsync(seed, Math.ceil(OPS_PER_SEED / 20))).toBeUndefined();
  }, TIMEOUT);
});
