import { MeterProvider, MetricReader, type MetricData } from '@meterkit/sdk-metrics-core';

/** A pull reader for tests: collect() when asked. */
export class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export function providerWithReader(): { provider: MeterProvider; reader: TestReader } {
  const reader = new TestReader();
  return { provider: new MeterProvider({ readers: [reader] }), reader };
}

/** Every metric of one collection, by name. */
export async function collectByName(reader: TestReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  const byName = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
  return byName;
}

/** A real garbage collection, so v8js.gc.duration has something to record. */
export function forceGc(): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('v8').setFlagsFromString('--expose_gc');
  const gc = require('vm').runInNewContext('gc') as () => void;
  gc();
}

export function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* keep the loop busy so utilization and CPU time move */
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
