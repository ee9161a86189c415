import { metrics as apiMetrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter } from '../src';
import { CaptureStream } from './helpers';

/** Console output and InMemoryMetricExporter output of the same recording, side by side. */
async function run(format: 'json' | 'pretty', temporality: AggregationTemporality) {
  const stream = new CaptureStream();
  const consoleExporter = new ConsoleMetricExporter({ format, stream, temporality });
  const memory = new InMemoryMetricExporter(temporality);
  const provider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: consoleExporter, exportIntervalMillis: 60_000 }),
      new PeriodicExportingMetricReader({ exporter: memory, exportIntervalMillis: 60_000 }),
    ],
  });
  const meter = provider.getMeter('temporality');
  meter.createCounter('c').add(1);
  meter.createHistogram('h').record(2);
  await provider.forceFlush();
  await provider.shutdown();
  return { text: stream.text, memory: memory.getMetrics()[0].scopeMetrics[0].metrics };
}

describe('ConsoleMetricExporter names the temporality', () => {
  afterEach(() => apiMetrics.disable());

  it.each([
    [AggregationTemporality.CUMULATIVE, 2, 'CUMULATIVE'],
    [AggregationTemporality.DELTA, 1, 'DELTA'],
  ])('data model %s is printed as OTLP number %s with the name %s, for sums and histograms', async (temporality, otlp, name) => {
    const { text, memory } = await run('json', temporality);
    const doc = JSON.parse(text.trim().split('\n')[0]);
    const printed = doc.resource_metrics[0].scope_metrics[0].metrics as Array<{ name: string; data: Record<string, unknown> }>;
    for (const metric of printed) {
      expect(metric.data).toMatchObject({ aggregation_temporality: otlp, aggregation_temporality_name: name });
    }
    // The same stream in the data model carries the other numbering; the name is what agrees.
    for (const metric of memory) {
      expect(metric.aggregationTemporality).toBe(temporality);
      expect(AggregationTemporality[metric.aggregationTemporality]).toBe(name);
    }
  });

  it('the pretty format shows the name too', async () => {
    const { text } = await run('pretty', AggregationTemporality.DELTA);
    expect(text).toMatch(/"aggregation_temporality": 1,\s+"aggregation_temporality_name": "DELTA"/);
  });
});
