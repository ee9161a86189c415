// A minimal pull reader and accessors over the collected data, for tests that run views
// through a real meterkit MeterProvider.
import { diag, DiagLogLevel, type Attributes } from '@opentelemetry/api';
import {
  MeterProvider,
  MetricReader,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import type { View } from '../src';

export class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export function setup(views: View[]): { provider: MeterProvider; reader: TestReader } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader], views });
  return { provider, reader };
}

export async function collect(reader: TestReader): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

/** Every exported metric, flattened over scopes. */
export function allMetrics(rm: ResourceMetrics): MetricData[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics);
}

export function metricNames(rm: ResourceMetrics): string[] {
  return allMetrics(rm)
    .map((m) => m.descriptor.name)
    .sort();
}

export function metric(rm: ResourceMetrics, name: string): MetricData {
  const found = allMetrics(rm).filter((m) => m.descriptor.name === name);
  if (found.length !== 1) throw new Error(`expected one metric "${name}", found ${found.length} in ${metricNames(rm).join(', ')}`);
  return found[0];
}

/** Data points as [attributes, value] pairs, sorted by their attributes, for sums and gauges. */
export function points(m: MetricData): Array<[Attributes, unknown]> {
  return (m.dataPoints as Array<{ attributes: Attributes; value: unknown }>)
    .map((p): [Attributes, unknown] => [p.attributes, p.value])
    .sort((a, b) => {
      const ka = JSON.stringify(a[0]);
      const kb = JSON.stringify(b[0]);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
}

/** Captures diag messages of level WARN and above while `fn` runs. */
export async function captureDiag<T>(fn: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const record = (message: string, ...args: unknown[]) => {
    warnings.push([message, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))].join(' '));
  };
  diag.setLogger(
    { error: record, warn: record, info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  try {
    const result = await fn();
    return { result, warnings };
  } finally {
    diag.disable();
  }
}
