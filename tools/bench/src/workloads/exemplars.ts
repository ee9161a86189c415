// Exemplar rows: what the exemplar filter and reservoirs cost on the recording path. The
// common case is the default trace_based filter with a context manager registered (any app
// with tracing) and NO sampled span active: that must stay as fast as recording without
// exemplars. The sampled-span rows show the price of an exemplar (one clock read, the
// reservoir offer) — the official SDK records no exemplars, so its column is the same call
// doing only the aggregation. Wiring: `exemplarRows()` are hot-path rows; `runExemplars` runs
// them like the hot-path section (add it to SECTIONS in run.ts, or spread the rows into
// hotPathRows()).
import { context, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Meter } from '@opentelemetry/api';
import { compileLoop, type LoopFn } from '../compile-loop';
import type { BenchOptions } from '../options';
import type { Row } from '../results';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import { sameAttributes } from './attributes';
import { H, runHotPath, V, type CaseSpec, type RowSpec } from './hot-path';

const SAMPLED: Context = trace.setSpan(
  context.active(),
  trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED }),
);

let managers = 0;
/** Registers a real AsyncLocalStorage context manager for as long as some case of these rows is set up. */
function holdContextManager(): () => void {
  if (managers++ === 0) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return () => {
    if (--managers === 0) context.disable();
  };
}

type Kind = 'counter' | 'histogram';
type Where = 'no-span' | 'active-sampled-span' | 'explicit-sampled-context';

function instrument(meter: Meter, kind: Kind) {
  return kind === 'counter' ? meter.createCounter('x') : meter.createHistogram('x');
}

function exemplarCase(impl: 'meterkit' | 'otel', kind: Kind, where: Where): CaseSpec {
  return {
    impl,
    setup: () => {
      const release = holdContextManager();
      const sdk = impl === 'meterkit' ? createMeterkit() : createOtel();
      const c = instrument(sdk.meter, kind);
      const value = kind === 'counter' ? V : H;
      const call = kind === 'counter' ? 'add' : 'record';
      const ctxArg = where === 'explicit-sampled-context' ? ', ctx' : '';
      const inner: LoopFn = compileLoop({ c, a: sameAttributes(), ctx: SAMPLED }, `c.${call}(${value}, a${ctxArg});`);
      const run: LoopFn = where === 'active-sampled-span' ? (n) => context.with(SAMPLED, () => inner(n)) : inner;
      return {
        run,
        teardown: async () => {
          await sdk.shutdown();
          release();
        },
      };
    },
  };
}

/** The exemplar rows (meterkit and the official SDK, same call, a context manager registered). */
export function exemplarRows(): RowSpec[] {
  const rows: Array<[string, Kind, Where, string]> = [
    ['exemplars.counter.no-span', 'counter', 'no-span', 'Counter.add, same object, trace_based filter, context manager registered, no span active'],
    ['exemplars.counter.sampled-span', 'counter', 'active-sampled-span', 'Counter.add, same object, inside an active sampled span (meterkit records an exemplar per call)'],
    ['exemplars.counter.explicit-context', 'counter', 'explicit-sampled-context', 'Counter.add(v, attrs, ctx) with a sampled span in the passed context (exemplar per call)'],
    ['exemplars.histogram.no-span', 'histogram', 'no-span', 'Histogram.record, same object, trace_based filter, context manager registered, no span active'],
    ['exemplars.histogram.sampled-span', 'histogram', 'active-sampled-span', 'Histogram.record, same object, inside an active sampled span (exemplar per call, aligned reservoir)'],
  ];
  return rows.map(([id, kind, where, title]) => ({
    id,
    group: 'exemplars',
    title,
    note: 'The official SDK 2.x records no exemplars: its column is the same call without exemplar work. Compare the no-span rows with counter.same-object / histogram.same-object (no context manager).',
    cases: [exemplarCase('meterkit', kind, where), exemplarCase('otel', kind, where)],
  }));
}

/** Runs the selected exemplar rows (timed together, implementations alternating). */
export function runExemplars(options: BenchOptions): Promise<Row[]> {
  return runHotPath(options, exemplarRows());
}
