// Drives random asynchronous collections through a real MeterProvider and the reference
// model: callbacks (single and batch) observe generated attribute sets, some throw, some
// never finish (the collection times out), some observe after an await. The order in
// which observe() was called is logged as it happens and replayed into the model, which
// then decides what should be exported. Returns the first difference, or undefined.
import type { Attributes, BatchObservableResult, Observable, ObservableResult } from '@opentelemetry/api';
import { MeterProvider, createAllowListAttributesProcessor, type View } from '../../../src';
import { TestReader, CUMULATIVE, DELTA } from '../../helpers';
import { AttributeSource, Random } from './random';
import { AsyncStreamModel, snapshot, type Kind } from './reference';
import { realPoints } from './sync-driver';

const READER_LIMIT = 6;
const TIMEOUT_MILLIS = 10;

interface Plan {
  name: string;
  kind: Kind;
  create: 'counter' | 'updown' | 'gauge';
  allow?: string[];
  limit?: number;
}

const PLANS: Plan[] = [
  { name: 'ocounter', kind: 'monotonic-sum', create: 'counter' },
  { name: 'oupdown', kind: 'sum', create: 'updown' },
  { name: 'ogauge', kind: 'gauge', create: 'gauge' },
  { name: 'ofiltered', kind: 'monotonic-sum', create: 'counter', allow: ['a', 'b'], limit: 3 },
  { name: 'ofiltered-gauge', kind: 'gauge', create: 'gauge', allow: ['a', 'constructor'], limit: 2 },
];

type Fate = 'ok' | 'async-ok' | 'throws' | 'hangs';

export interface AsyncDriveOptions {
  seed: number;
  /** Collections to run (each runs every callback once). */
  collections: number;
}

export async function driveAsync({ seed, collections }: AsyncDriveOptions): Promise<string | undefined> {
  const random = new Random(seed);
  const source = new AttributeSource(random);
  const readers = {
    delta: new TestReader({ temporality: DELTA, cardinalitySelector: () => READER_LIMIT }),
    cumulative: new TestReader({ temporality: CUMULATIVE, cardinalitySelector: () => READER_LIMIT }),
  };
  const views: View[] = PLANS.filter((p) => p.allow !== undefined).map((plan) => ({
    matches: (instrument) => instrument.name === plan.name,
    attributesProcessor: createAllowListAttributesProcessor(plan.allow!),
    aggregationCardinalityLimit: plan.limit,
  }));
  const provider = new MeterProvider({ readers: [readers.delta, readers.cumulative], views });
  const meter = provider.getMeter('async-model');
  const instruments = PLANS.map((plan) =>
    plan.create === 'counter'
      ? meter.createObservableCounter(plan.name)
      : plan.create === 'updown'
        ? meter.createObservableUpDownCounter(plan.name)
        : meter.createObservableGauge(plan.name),
  );
  const models = {
    delta: PLANS.map((plan) => new AsyncStreamModel(plan.kind, true, plan.limit ?? READER_LIMIT, plan.allow && new Set(plan.allow))),
    cumulative: PLANS.map((plan) => new AsyncStreamModel(plan.kind, false, plan.limit ?? READER_LIMIT, plan.allow && new Set(plan.allow))),
  };

  // What the current round's callbacks did, in the order they did it.
  let log: Array<[number, Attributes | undefined, number]> = [];
  let failedInstruments = new Set<number>();
  let failures = 0;
  let hung = false;

  const fate = (): Fate => {
    const r = random.int(40);
    return r < 26 ? 'ok' : r < 32 ? 'async-ok' : r < 38 ? 'throws' : 'hangs';
  };
  /** Observes a few generated sets for `targets`; returns what the callback does next. */
  const observeSome = (targets: number[], observe: (i: number, value: number, attributes?: Attributes) => void) => {
    const n = random.int(5);
    for (let k = 0; k < n; k++) {
      const i = random.pick(targets);
      const attributes = source.next();
      const value = random.int(10); // may go back: a reset counter
      observe(i, value, attributes);
      log.push([i, snapshot(attributes), value]);
    }
  };
  const settle = async (f: Fate, targets: number[], later: () => void): Promise<void> => {
    if (f === 'throws') {
      failures++;
      targets.forEach((i) => failedInstruments.add(i));
      throw new Error('source unavailable');
    }
    if (f === 'hangs') {
      hung = true;
      targets.forEach((i) => failedInstruments.add(i));
      await new Promise<void>(() => {}); // never settles: the collection times out
    }
    if (f === 'async-ok') {
      await Promise.resolve();
      later();
    }
  };

  PLANS.forEach((_, i) => {
    for (let c = 0; c < 2; c++) {
      instruments[i].addCallback((result: ObservableResult) => {
        const f = fate();
        const observe = (_i: number, value: number, attributes?: Attributes) => result.observe(value, attributes);
        if (f === 'async-ok') return settle(f, [i], () => observeSome([i], observe));
        observeSome([i], observe);
        return settle(f, [i], () => {});
      });
    }
  });
  const batchTargets = [0, 2, 3];
  meter.addBatchObservableCallback(
    (result: BatchObservableResult) => {
      const f = fate();
      const observe = (i: number, value: number, attributes?: Attributes) => result.observe(instruments[i] as Observable, value, attributes);
      if (f === 'async-ok') return settle(f, batchTargets, () => observeSome(batchTargets, observe));
      observeSome(batchTargets, observe);
      return settle(f, batchTargets, () => {});
    },
    batchTargets.map((i) => instruments[i]),
  );

  for (let round = 0; round < collections; round++) {
    const which = random.chance(0.5) ? 'delta' : 'cumulative';
    log = [];
    failedInstruments = new Set();
    failures = 0;
    hung = false;
    const { resourceMetrics, errors } = await readers[which].collect({ timeoutMillis: TIMEOUT_MILLIS });
    const expectedErrors = failures + (hung ? 1 : 0);
    if (errors.length !== expectedErrors) {
      return `seed ${seed} round ${round}: ${errors.length} collection errors, expected ${expectedErrors}: ${errors.map(String).join('; ')}`;
    }
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    for (let i = 0; i < PLANS.length; i++) {
      const observed = log.filter(([target]) => target === i).map(([, attributes, value]): [Attributes | undefined, number] => [attributes, value]);
      const expected = models[which][i].collect(observed, !failedInstruments.has(i));
      const actual = realPoints(metrics.find((m) => m.descriptor.name === PLANS[i].name));
      if (JSON.stringify(expected) !== JSON.stringify(actual)) {
        return `seed ${seed} round ${round}: ${which} "${PLANS[i].name}"\n expected ${JSON.stringify(expected)}\n actual   ${JSON.stringify(actual)}`;
      }
    }
  }
  await provider.shutdown({ timeoutMillis: 100 }).catch(() => undefined);
  return undefined;
}
