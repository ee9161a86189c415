// The recording rows: one instrument call per operation, on each library, in one process.
// Values vary with the loop index so nothing is constant-folded; every call has a side
// effect in the library (an aggregated value), and loop results feed the timer's sink.
import { AggregationType as MkAggregationType, type CounterInstrument, type View } from '@meterkit/sdk-metrics-core';
import { createView } from '@meterkit/views';
import {
  AggregationType as OtelAggregationType,
  createAllowListAttributesProcessor,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { compileLoop, type LoopFn } from '../compile-loop';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import { createProm } from '../sdks/prom';
import { timeCases, type TimedCase } from '../timer';
import { distinctAttributeSets, sameAttributes } from './attributes';
import { keysOf, lowerBoundCase, manySeriesRows, readFloorCase, readObjectCase } from './many-series';

export interface CaseSpec {
  impl: ImplId;
  /** Builds the instrument and the loop; returns a teardown. */
  setup(): { run: LoopFn; teardown?: () => Promise<void> | void };
}

export interface RowSpec {
  id: string;
  title: string;
  /** Rows of one group are timed together, their cases alternating. */
  group?: string;
  note?: string;
  cases: CaseSpec[];
}

// Counter values 0.5..7.5: non-integers from the first call, so every library's sum is a
// double from the start. With integer inputs, sums cross the small-integer range after a few
// hundred million calls and V8 re-optimises the running loop mid-measurement.
export const V = '(i & 7) + 0.5';
export const H = '(i % 1000) * 7.3 + 0.1'; // histogram values 0..7293: every default bucket but the last
const LITERAL = `{ method: 'GET', route: '/api/users/:id', status: 200 }`;
const LITERAL_REORDERED = `{ status: 200, route: '/api/users/:id', method: 'GET' }`;

/** Rows where every meterkit call hits its previous-call cache say so: they flatter meterkit. */
const CACHE_NOTE =
  "meterkit answers every call of this row from its previous-call cache (same keys and values, in the same order, as the call before: a one-entry cache the peers do not have), so the row flatters meterkit; the many-series rows show meterkit's lookup when that cache misses";

export type Kind = 'counter' | 'updown' | 'histogram' | 'gauge';

/** An instrument of `kind` on meterkit or the official SDK, with optional views. */
export function otelInstrument(impl: 'meterkit' | 'otel', kind: Kind, views: { mk?: View[]; otel?: ViewOptions[] } = {}, cardinalityLimit?: number) {
  const sdk = impl === 'meterkit' ? createMeterkit({ views: views.mk, cardinalityLimit }) : createOtel({ views: views.otel, cardinalityLimit });
  const meter = sdk.meter;
  const instrument =
    kind === 'counter'
      ? meter.createCounter('x')
      : kind === 'updown'
        ? meter.createUpDownCounter('x')
        : kind === 'histogram'
          ? meter.createHistogram('x')
          : meter.createGauge('x');
  return { instrument, teardown: () => sdk.shutdown() };
}

/**
 * Cases on both OpenTelemetry SDKs with the same loop body, `c` being the instrument.
 * `cardinalityLimit` (both SDKs default to 2,000) must exceed a row's set count, or the
 * row would mostly measure the overflow series.
 */
export function otelCases(kind: Kind, body: string, context: Record<string, unknown> = {}, cardinalityLimit?: number): CaseSpec[] {
  return (['meterkit', 'otel'] as const).map((impl) => ({
    impl,
    setup: () => {
      const { instrument, teardown } = otelInstrument(impl, kind, {}, cardinalityLimit);
      return { run: compileLoop({ ...context, c: instrument }, body), teardown };
    },
  }));
}

export function promCase(kind: 'counter' | 'gauge' | 'histogram', body: string, context: Record<string, unknown> = {}, labelNames?: string[]): CaseSpec {
  return {
    impl: 'prom',
    setup: () => {
      const prom = createProm();
      const c = kind === 'counter' ? prom.counter('x', labelNames) : kind === 'gauge' ? prom.gauge('x', labelNames) : prom.histogram('x', labelNames);
      return { run: compileLoop({ ...context, c }, body) };
    },
  };
}

function plainJsCase(): CaseSpec {
  return {
    impl: 'js',
    setup: () => {
      const obj = { value: 0 };
      // A real function call per operation (V8 may inline it, as it may inline the libraries' methods).
      const add = (o: { value: number }, x: number): void => {
        o.value += x;
      };
      return { run: compileLoop({ obj, add }, `add(obj, ${V}); if (i === n - 1) s = obj.value;`) };
    },
  };
}

export function hotPathRows(): RowSpec[] {
  const ATTRS = () => ({ a: sameAttributes() });
  return [
    {
      id: 'baseline.plain-js',
      group: 'baseline',
      title: 'plain JS baseline: `obj.value += x` through a function call',
      cases: [plainJsCase()],
    },
    {
      id: 'counter.no-attributes',
      group: 'baseline',
      title: 'Counter.add, no attributes',
      note: 'meterkit keeps the attribute-less series in a field (no lookup); prom-client: `inc(v)` on a counter without labels',
      cases: [...otelCases('counter', `c.add(${V});`), promCase('counter', `c.inc(${V});`, {}, [])],
    },
    {
      id: 'counter.bound',
      group: 'baseline',
      title: 'bound Counter, a meterkit extension: meterkit `bind(attrs)` once then `add`; prom-client `labels(attrs)` once then `inc`',
      note: 'not like for like: meterkit `bind()` is an extension beyond the OpenTelemetry API (the official SDK has no bound instruments); the prom-client column is its own bound form, `labels(attrs)` called once before the loop, then `inc(v)` on the child, which in prom-client 15 is `inc.bind(counter, labels)` and hashes the labels again on every call',
      cases: [
        {
          impl: 'meterkit',
          setup: () => {
            const { instrument, teardown } = otelInstrument('meterkit', 'counter');
            const b = (instrument as unknown as CounterInstrument).bind(sameAttributes());
            return { run: compileLoop({ b }, `b.add(${V});`), teardown };
          },
        },
        {
          impl: 'prom',
          setup: () => {
            const c = createProm().counter('x');
            const b = c.labels(sameAttributes());
            return { run: compileLoop({ b }, `b.inc(${V});`) };
          },
        },
      ],
    },
    {
      id: 'counter.same-object',
      title: 'Counter.add, same attributes object reused',
      note: CACHE_NOTE,
      cases: [...otelCases('counter', `c.add(${V}, a);`, ATTRS()), promCase('counter', `c.inc(a, ${V});`, ATTRS())],
    },
    {
      id: 'counter.fresh-literal',
      title: 'Counter.add, fresh object literal of the same shape per call',
      note: CACHE_NOTE,
      cases: [...otelCases('counter', `c.add(${V}, ${LITERAL});`), promCase('counter', `c.inc(${LITERAL}, ${V});`)],
    },
    {
      id: 'counter.key-order',
      title: 'Counter.add, fresh literals in two key orders, alternating',
      note: "meterkit's previous-call cache misses on every call (the key order changes); lower bound: `Map.get` of one key in a one-entry Map, then the add",
      cases: [
        ...otelCases('counter', `if (i & 1) c.add(${V}, ${LITERAL}); else c.add(${V}, ${LITERAL_REORDERED});`),
        promCase('counter', `if (i & 1) c.inc(${LITERAL}, ${V}); else c.inc(${LITERAL_REORDERED}, ${V});`),
        lowerBoundCase(['GET|/api/users/:id|200']),
        readFloorCase(['GET|/api/users/:id|200'], `((i & 1) ? ${LITERAL} : ${LITERAL_REORDERED})`),
      ],
    },
    {
      id: 'counter.1000-sets',
      title: 'Counter.add, 1,000 distinct attribute sets round-robin (reused objects)',
      cases: [
        ...otelCases('counter', `c.add(${V}, sets[i % 1000]);`, { sets: distinctAttributeSets(1000) }),
        promCase('counter', `c.inc(sets[i % 1000], ${V});`, { sets: distinctAttributeSets(1000) }),
        lowerBoundCase(keysOf(distinctAttributeSets(1000))),
        readObjectCase(distinctAttributeSets(1000)),
      ],
    },
    {
      id: 'histogram.same-object',
      title: 'Histogram.record, default buckets, same attributes object',
      note: CACHE_NOTE,
      cases: [...otelCases('histogram', `c.record(${H}, a);`, ATTRS()), promCase('histogram', `c.observe(a, ${H});`, ATTRS())],
    },
    {
      id: 'histogram.fresh-literal',
      title: 'Histogram.record, default buckets, fresh literal per call',
      note: CACHE_NOTE,
      cases: [...otelCases('histogram', `c.record(${H}, ${LITERAL});`), promCase('histogram', `c.observe(${LITERAL}, ${H});`)],
    },
    {
      id: 'updown.same-object',
      title: 'UpDownCounter.add (±), same attributes object',
      note: `prom-client: Gauge.inc; ${CACHE_NOTE}`,
      cases: [...otelCases('updown', `c.add((i & 7) - 3.5, a);`, ATTRS()), promCase('gauge', `c.inc(a, (i & 7) - 3.5);`, ATTRS())],
    },
    {
      id: 'gauge.same-object',
      title: 'Gauge.record, same attributes object',
      note: `prom-client: Gauge.set; ${CACHE_NOTE}`,
      cases: [...otelCases('gauge', `c.record(i * 0.5, a);`, ATTRS()), promCase('gauge', `c.set(a, i * 0.5);`, ATTRS())],
    },
    {
      id: 'counter.view-filter',
      title: 'Counter.add behind an attribute-filtering view (keep 2 of 3 keys), same object',
      note: "meterkit: `createView({ instrumentName, attributeKeys: { allow } })`; official: `attributesProcessors: [createAllowListAttributesProcessor]`; the no-view columns are the same instrument without the view; meterkit's previous-call cache applies (filtered keys are skipped in it), with and without the view",
      cases: [
        {
          impl: 'meterkit',
          setup: () => {
            const view = createView({ instrumentName: 'x', attributeKeys: { allow: ['method', 'route'] } });
            const { instrument, teardown } = otelInstrument('meterkit', 'counter', { mk: [view] });
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.add(${V}, a);`), teardown };
          },
        },
        {
          impl: 'meterkit-noview',
          setup: () => {
            const { instrument, teardown } = otelInstrument('meterkit', 'counter');
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.add(${V}, a);`), teardown };
          },
        },
        {
          impl: 'otel',
          setup: () => {
            const view: ViewOptions = {
              instrumentName: 'x',
              attributesProcessors: [createAllowListAttributesProcessor(['method', 'route'])],
            };
            const { instrument, teardown } = otelInstrument('otel', 'counter', { otel: [view] });
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.add(${V}, a);`), teardown };
          },
        },
        {
          impl: 'otel-noview',
          setup: () => {
            const { instrument, teardown } = otelInstrument('otel', 'counter');
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.add(${V}, a);`), teardown };
          },
        },
      ],
    },
    {
      id: 'histogram.exponential',
      title: 'Histogram.record, exponential histogram aggregation (view), same object',
      note: CACHE_NOTE,
      cases: [
        {
          impl: 'meterkit',
          setup: () => {
            const view = createView({ instrumentName: 'x', aggregation: { type: MkAggregationType.EXPONENTIAL_HISTOGRAM } });
            const { instrument, teardown } = otelInstrument('meterkit', 'histogram', { mk: [view] });
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.record(${H}, a);`), teardown };
          },
        },
        {
          impl: 'otel',
          setup: () => {
            const view: ViewOptions = { instrumentName: 'x', aggregation: { type: OtelAggregationType.EXPONENTIAL_HISTOGRAM } };
            const { instrument, teardown } = otelInstrument('otel', 'histogram', { otel: [view] });
            return { run: compileLoop({ c: instrument, ...ATTRS() }, `c.record(${H}, a);`), teardown };
          },
        },
      ],
    },
    ...manySeriesRows(),
  ];
}

/** Runs the selected hot-path rows; rows of one group are timed together. */
export async function runHotPath(options: BenchOptions, specs: RowSpec[] = hotPathRows()): Promise<Row[]> {
  // A group runs whole when any of its rows is selected: the baseline row is the reference
  // of the no-attributes and bound rows' targets.
  const chosenGroups = new Set(specs.filter((s) => selected(options, s.id, s.title)).map((s) => s.group ?? s.id));
  const groups = new Map<string, RowSpec[]>();
  for (const spec of specs.filter((s) => chosenGroups.has(s.group ?? s.id))) {
    const key = spec.group ?? spec.id;
    groups.set(key, [...(groups.get(key) ?? []), spec]);
  }
  const rows: Row[] = [];
  for (const members of groups.values()) {
    const cases: Array<TimedCase & { row: RowSpec }> = [];
    const teardowns: Array<() => Promise<void> | void> = [];
    for (const spec of members) {
      for (const c of spec.cases) {
        if (!implSelected(options, c.impl)) continue;
        const { run, teardown } = c.setup();
        if (teardown) teardowns.push(teardown);
        cases.push({ impl: c.impl, run, row: spec });
      }
    }
    options.log(`hot path: ${members.map((m) => m.id).join(', ')}`);
    const results = timeCases(cases, options);
    for (const spec of members) {
      const row: Row = { id: spec.id, section: 'hot-path', title: spec.title, unit: 'ns/op', results: {}, note: spec.note };
      cases.forEach((c, i) => {
        if (c.row === spec) row.results[c.impl] = results[i];
      });
      rows.push(row);
    }
    for (const t of teardowns) await t();
  }
  return rows;
}

