// The runtime-metrics tests' helpers: the core's test kit (a provider with a pull reader)
// plus what only these tests need (a real GC, a busy loop).
import type { MeterProvider, MetricData } from '@meterkit/sdk-metrics-core';
import { allMetrics, createTestProvider, type TestReader } from '@meterkit/sdk-metrics-core/testing';

export function providerWithReader(): { provider: MeterProvider; reader: TestReader } {
  const { provider, reader } = createTestProvider();
  return { provider, reader };
}

/** Every metric of one collection, by name. */
export async function collectByName(reader: TestReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  return new Map(allMetrics(resourceMetrics).map((metric) => [metric.descriptor.name, metric]));
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
