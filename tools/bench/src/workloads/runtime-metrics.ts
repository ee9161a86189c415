// Runtime-metrics collection row: the cost of one collection of every Node runtime metric,
// meterkit (@meterkit/runtime-metrics) beside the official SDK with
// @opentelemetry/instrumentation-runtime-node and prom-client's collectDefaultMetrics().
// Only the runtime metrics are registered, so the figure is what they add to each export
// or scrape. prom-client has no collection without serialization: getMetricsAsJSON() runs
// its collect functions and builds objects, the closest to reader.collect().
import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { startRuntimeMetrics } from '@meterkit/runtime-metrics';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { forceGc } from '../gc';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import { summarize } from '../stats';

interface Case {
  impl: ImplId;
  collect(): Promise<unknown>;
  close(): Promise<void>;
}

/** Collections per sample: one runtime collection is tens of microseconds. */
const REPS = 200;

export async function runRuntimeMetrics(options: BenchOptions): Promise<Row[]> {
  const id = 'collect.runtime-metrics';
  const title = 'collect every Node runtime metric once (event loop, heap spaces, GC, CPU, memory)';
  if (!selected(options, id, title)) return [];
  options.log(`collection: ${id}`);
  const cases: Case[] = [];
  if (implSelected(options, 'meterkit')) {
    const sdk = createMeterkit();
    const runtime = startRuntimeMetrics({ meterProvider: { getMeter: () => sdk.meter } as ApiMeterProvider });
    cases.push({ impl: 'meterkit', collect: () => sdk.collect(), close: async () => (runtime.stop(), sdk.shutdown()) });
  }
  if (implSelected(options, 'otel')) {
    const sdk = createOtel();
    const instrumentation = new RuntimeNodeInstrumentation();
    instrumentation.setMeterProvider({ getMeter: () => sdk.meter } as ApiMeterProvider);
    instrumentation.enable();
    cases.push({ impl: 'otel', collect: () => sdk.collect(), close: async () => (instrumentation.disable(), sdk.shutdown()) });
  }
  if (implSelected(options, 'prom')) {
    const register = new Registry();
    collectDefaultMetrics({ register });
    cases.push({ impl: 'prom', collect: () => register.getMetricsAsJSON(), close: async () => register.clear() });
  }
  for (const c of cases) for (let w = 0; w < 20; w++) await c.collect();
  const times: number[][] = cases.map(() => []);
  for (let s = 0; s < options.collectSamples; s++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + s) % cases.length;
      const start = process.hrtime.bigint();
      for (let r = 0; r < REPS; r++) await cases[index]!.collect();
      times[index]!.push(Number(process.hrtime.bigint() - start) / REPS / 1e6);
    }
  }
  const row: Row = {
    id,
    section: 'collection',
    title,
    unit: 'ms',
    results: {},
    note: 'official SDK: + @opentelemetry/instrumentation-runtime-node; prom-client: collectDefaultMetrics() read with getMetricsAsJSON()',
  };
  cases.forEach((c, i) => (row.results[c.impl] = summarize(times[i]!)));
  for (const c of cases) await c.close();
  forceGc();
  return [row];
}
