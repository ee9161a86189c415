// The trace_based filter before @opentelemetry/api has any global registered: there is no
// registry at globalThis[Symbol.for('opentelemetry.js.api.1')] yet, and the filter looks for
// it only now and then (exemplar/exemplar-filter.ts). A context manager registered as the
// process's first global must still be noticed: at the next collection, or within 256
// measurements. (Own test file: it deletes the API's registry, which jest keeps per file.)
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '../src';
import { DELTA, TestReader } from './helpers';

const KEY = Symbol.for('opentelemetry.js.api.1');
const sampled = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED });

afterAll(() => context.disable());

test('a context manager registered after the provider, as the first global, is noticed', async () => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
  const reader = new TestReader({ temporality: DELTA });
  const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
  counter.add(1); // no registry: nothing to find
  expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); // creates the registry
  context.with(trace.setSpan(context.active(), sampled), () => {
    for (let i = 0; i < 300; i++) counter.add(1);
  });
  const point = (await reader.metric('c'))!.dataPoints[0];
  expect(point.value).toBe(301);
  expect(point.exemplars).toHaveLength(1); // found within 256 measurements

  // After a collection, at once.
  context.with(trace.setSpan(context.active(), sampled), () => counter.add(1));
  expect((await reader.metric('c'))!.dataPoints[0].exemplars).toHaveLength(1);
});
