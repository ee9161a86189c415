// Drives random synchronous operations (add/record, bind, bound records, unbind, delta
// and cumulative collections) through a real MeterProvider and through the reference
// model, and compares every collection's export. Returns a description of the first
// difference, or undefined.
import type { Attributes } from '@opentelemetry/api';
import {
  MeterProvider,
  createAllowListAttributesProcessor,
  type AttributesProcessor,
  type BoundCounter,
  type BoundHistogram,
  type MetricData,
  type View,
} from '../../../src';
import { TestReader, CUMULATIVE, DELTA } from '../../helpers';
import { AttributeSource, Random } from './random';
import { exportedKey, SyncStreamModel, type Kind, type ModelBinding, type ModelPoint, type ModelValue } from './reference';

const READER_LIMIT = 6;

interface InstrumentPlan {
  name: string;
  kind: Kind;
  create: 'counter' | 'updown' | 'histogram' | 'gauge';
  allow?: string[];
  /** A processor that is not a key filter: exercises the processor path that builds new objects. */
  customProcessor?: boolean;
  limit?: number;
}

const PLANS: InstrumentPlan[] = [
  { name: 'counter', kind: 'monotonic-sum', create: 'counter' },
  { name: 'updown', kind: 'sum', create: 'updown' },
  { name: 'histogram', kind: 'histogram', create: 'histogram' },
  { name: 'gauge', kind: 'gauge', create: 'gauge' },
  { name: 'filtered', kind: 'monotonic-sum', create: 'counter', allow: ['a', 'b', 'constructor'], limit: 3 },
  { name: 'filtered-gauge', kind: 'gauge', create: 'gauge', allow: ['a', ''], limit: 2 },
  { name: 'custom', kind: 'sum', create: 'updown', allow: ['b', 'c', 'toString'], customProcessor: true },
];

function processorFor(plan: InstrumentPlan): AttributesProcessor | undefined {
  if (plan.allow === undefined) return undefined;
  if (!plan.customProcessor) return createAllowListAttributesProcessor(plan.allow);
  const allowed = new Set(plan.allow);
  return {
    process(incoming: Attributes): Attributes {
      const out: Attributes = {};
      for (const key of Object.keys(incoming)) {
        if (allowed.has(key)) Object.defineProperty(out, key, { value: incoming[key], enumerable: true, writable: true, configurable: true });
      }
      return out;
    },
  };
}

function isValid(kind: Kind, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return !((kind === 'monotonic-sum' || kind === 'histogram') && value < 0);
}

function randomValue(random: Random): number {
  const r = random.int(20);
  if (r === 0) return NaN;
  if (r === 1) return -1;
  if (r === 2) return Infinity;
  return random.int(8) * 0.5; // exact in binary: sums compare exactly
}

/** Real points as the model states them. */
export function realPoints(metric: MetricData | undefined): ModelPoint[] {
  if (metric === undefined) return [];
  return (metric.dataPoints as Array<{ attributes: Attributes; value: unknown }>).map((p) => {
    const v = p.value as number | { count: number; sum?: number; min?: number; max?: number };
    const value: ModelValue =
      typeof v === 'number' ? v : { count: v.count, sum: v.sum ?? NaN, min: v.min ?? Infinity, max: v.max ?? -Infinity };
    return { key: exportedKey(p.attributes), value };
  });
}

/** Delta points sorted by key (see the comparison above); cumulative ones as they are. */
function inOrderFor(which: 'delta' | 'cumulative', points: ModelPoint[]): ModelPoint[] {
  return which === 'delta' ? points.slice().sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)) : points;
}

function samePoints(a: ModelPoint[], b: ModelPoint[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Handle {
  real: BoundCounter | BoundHistogram;
  plan: InstrumentPlan;
  model: ModelBinding[];
  bound: boolean;
}

export interface DriveOptions {
  seed: number;
  operations: number;
}

export async function driveSync({ seed, operations }: DriveOptions): Promise<string | undefined> {
  const random = new Random(seed);
  const source = new AttributeSource(random);
  const readers = { delta: new TestReader({ temporality: DELTA, cardinalitySelector: () => READER_LIMIT }), cumulative: new TestReader({ temporality: CUMULATIVE, cardinalitySelector: () => READER_LIMIT }) };
  const views: View[] = PLANS.filter((p) => p.allow !== undefined || p.limit !== undefined).map((plan) => ({
    matches: (instrument) => instrument.name === plan.name,
    attributesProcessor: processorFor(plan),
    aggregationCardinalityLimit: plan.limit,
  }));
  const provider = new MeterProvider({ readers: [readers.delta, readers.cumulative], views });
  const meter = provider.getMeter('model');
  const instruments = PLANS.map((plan) => {
    switch (plan.create) {
      case 'counter':
        return meter.createCounter(plan.name);
      case 'updown':
        return meter.createUpDownCounter(plan.name);
      case 'histogram':
        return meter.createHistogram(plan.name);
      case 'gauge':
        return meter.createGauge(plan.name);
    }
  });
  const models = {
    delta: PLANS.map((plan) => new SyncStreamModel(plan.kind, true, plan.limit ?? READER_LIMIT, plan.allow && new Set(plan.allow))),
    cumulative: PLANS.map((plan) => new SyncStreamModel(plan.kind, false, plan.limit ?? READER_LIMIT, plan.allow && new Set(plan.allow))),
  };
  const handles: Handle[] = [];
  const lastEnd = new Map<string, bigint>();

  const collect = async (which: 'delta' | 'cumulative', op: number): Promise<string | undefined> => {
    const { resourceMetrics, errors } = await readers[which].collect();
    if (errors.length > 0) return `seed ${seed} op ${op}: collection errors ${errors.map(String).join('; ')}`;
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    for (let i = 0; i < PLANS.length; i++) {
      const metric = metrics.find((m) => m.descriptor.name === PLANS[i].name);
      // Delta points are compared as sets: a delta stream keeps the series recorded on in the
      // previous interval in place (state/series-table.ts, forgetIdle), so its point order is
      // no longer that of first recording within the interval. Cumulative order is compared.
      const expected = inOrderFor(which, models[which][i].collect());
      const actual = inOrderFor(which, realPoints(metric));
      if (!samePoints(expected, actual)) {
        return `seed ${seed} op ${op}: ${which} "${PLANS[i].name}"\n expected ${JSON.stringify(expected)}\n actual   ${JSON.stringify(actual)}`;
      }
      for (const p of metric?.dataPoints ?? []) {
        const start = BigInt(p.startTime[0]) * 1_000_000_000n + BigInt(p.startTime[1]);
        const end = BigInt(p.endTime[0]) * 1_000_000_000n + BigInt(p.endTime[1]);
        if (start > end) return `seed ${seed} op ${op}: ${which} "${PLANS[i].name}" point starts after it ends`;
        const previousEnd = lastEnd.get(which);
        if (which === 'delta' && previousEnd !== undefined && start !== previousEnd) {
          return `seed ${seed} op ${op}: delta "${PLANS[i].name}" point does not start at the previous collection`;
        }
      }
    }
    // The end of this collection, when a point shows it (otherwise the next check is skipped).
    const anyPoint = metrics[0]?.dataPoints[0];
    if (anyPoint !== undefined) lastEnd.set(which, BigInt(anyPoint.endTime[0]) * 1_000_000_000n + BigInt(anyPoint.endTime[1]));
    else lastEnd.delete(which);
    return undefined;
  };

  for (let op = 0; op < operations; op++) {
    const r = random.int(100);
    if (r < 55) {
      const i = random.int(PLANS.length);
      const plan = PLANS[i];
      const attributes = source.next();
      const value = randomValue(random);
      const instrument = instruments[i] as { add?: (v: number, a?: Attributes) => void; record?: (v: number, a?: Attributes) => void };
      if (instrument.add) instrument.add(value, attributes);
      else instrument.record!(value, attributes);
      if (isValid(plan.kind, value)) {
        models.delta[i].record(attributes, value);
        models.cumulative[i].record(attributes, value);
      }
    } else if (r < 65 && handles.filter((h) => h.bound).length < 8) {
      const i = random.int(PLANS.length);
      const plan = PLANS[i];
      const attributes = source.next();
      const real = (instruments[i] as unknown as { bind(a?: Attributes): BoundCounter | BoundHistogram }).bind(attributes);
      handles.push({ real, plan, model: [models.delta[i].bind(attributes), models.cumulative[i].bind(attributes)], bound: true });
    } else if (r < 80 && handles.length > 0) {
      const h = random.pick(handles);
      const value = randomValue(random);
      if ('add' in h.real) h.real.add(value);
      else h.real.record(value);
      if (h.bound && isValid(h.plan.kind, value)) for (const b of h.model) b.state.record(value);
    } else if (r < 85 && handles.length > 0) {
      const h = random.pick(handles);
      h.real.unbind();
      if (h.bound) handleUnbound(h, models);
    } else if (r < 93) {
      const failure = await collect('delta', op);
      if (failure !== undefined) return failure;
    } else {
      const failure = await collect('cumulative', op);
      if (failure !== undefined) return failure;
    }
    if (handles.length > 40) {
      for (const h of handles.splice(0, handles.length - 40)) {
        h.real.unbind();
        if (h.bound) handleUnbound(h, models);
      }
    }
  }
  await provider.shutdown();
  return undefined;
}

function handleUnbound(h: Handle, models: { delta: SyncStreamModel[]; cumulative: SyncStreamModel[] }): void {
  h.bound = false;
  const i = PLANS.indexOf(h.plan);
  models.delta[i].unbind(h.model[0]);
  models.cumulative[i].unbind(h.model[1]);
}
