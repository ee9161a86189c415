// Exemplars against @opentelemetry/sdk-metrics 2.x: the official SDK declares an `Exemplar`
// type and has reservoir classes inside, but its MeterProvider does not wire them (no filter
// option, points without `exemplars`). So the differential check is: the same measurements in
// sampled spans give the same points in both SDKs once meterkit's exemplars are set aside, and
// meterkit's exemplars have the official type's shape (docs/migrating-from-sdk-metrics.md).
import { context, trace, TraceFlags, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as official from '@opentelemetry/sdk-metrics';
import { MeterProvider, type DataPoint, type MetricData } from '../../src';
import { CUMULATIVE, DELTA, TestReader } from '../helpers';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

function points(metric: MetricData | undefined): Array<{ attributes: Attributes; value: unknown }> {
  return ((metric?.dataPoints ?? []) as DataPoint<unknown>[])
    .map((p) => ({ attributes: p.attributes, value: p.value }))
    .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

for (const temporality of [DELTA, CUMULATIVE]) {
  test(`same points as the official SDK with measurements in sampled spans (${temporality === DELTA ? 'delta' : 'cumulative'}); only meterkit adds exemplars`, async () => {
    const mkReader = new TestReader({ temporality });
    const mk = new MeterProvider({ readers: [mkReader] }).getMeter('m');
    const exporter = new official.InMemoryMetricExporter(temporality as unknown as official.AggregationTemporality);
    const ofReader = new official.PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const ofProvider = new official.MeterProvider({ readers: [ofReader] });
    const of = ofProvider.getMeter('m');
    const instruments = [mk, of].map((meter) => ({ counter: meter.createCounter('c'), histogram: meter.createHistogram('h') }));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) {
        const span = trace.wrapSpanContext({
          traceId: (i + 1).toString(16).padStart(32, '0'),
          spanId: (round * 100 + i + 1).toString(16).padStart(16, '0'),
          traceFlags: i % 3 === 0 ? TraceFlags.NONE : TraceFlags.SAMPLED,
        });
        context.with(trace.setSpan(context.active(), span), () => {
          for (const { counter, histogram } of instruments) {
            counter.add(i % 5, { k: i % 4 });
            histogram.record(i * 13 + 0.5, { k: i % 2 }); // exact sums: the two SDKs add in different orders
          }
        });
      }
      const mkMetrics = await mkReader.metrics();
      const ofMetrics = (await ofReader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics) as unknown as MetricData[];
      for (const name of ['c', 'h']) {
        const mkMetric = mkMetrics.find((m) => m.descriptor.name === name);
        const ofMetric = ofMetrics.find((m) => m.descriptor.name === name);
        expect(points(mkMetric)).toEqual(points(ofMetric));
        for (const p of ofMetric!.dataPoints) expect('exemplars' in p).toBe(false);
        for (const p of mkMetric!.dataPoints) {
          expect(p.exemplars!.length).toBeGreaterThan(0);
          for (const e of p.exemplars!) {
            // The official Exemplar type's fields, ids of sampled spans only.
            expect(Object.keys(e).sort()).toEqual(['filteredAttributes', 'spanId', 'timestamp', 'traceId', 'value']);
            expect(Number.parseInt(e.spanId!, 16) % 100 % 3).not.toBe(1); // i % 3 === 0 was unsampled (spanId = round*100 + i + 1)
          }
        }
      }
    }
    await ofProvider.shutdown();
  });
}
