// A pull reader for tests: nothing happens until the test calls collect(), so a test decides
// exactly when each collection (and each delta interval) ends.
import { AggregationTemporality, type MetricData, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { MetricReader, type MetricReaderOptions } from '@meterkit/sdk-metrics-core';
import type { AggregationTemporalitySelector } from '@meterkit/sdk-metrics-core';

export interface TestReaderOptions extends MetricReaderOptions {
  /** One temporality for every instrument kind; overrides `aggregationTemporalitySelector`. */
  temporality?: AggregationTemporality;
}

export class TestReader extends MetricReader {
  constructor(options: TestReaderOptions = {}) {
    const { temporality, ...readerOptions } = options;
    const selector: AggregationTemporalitySelector | undefined =
      temporality === undefined ? readerOptions.aggregationTemporalitySelector : () => temporality;
    super({ ...readerOptions, aggregationTemporalitySelector: selector });
  }

  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}

  /** Collects once; a collection that reports errors rejects with all of them. */
  async resourceMetrics(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, `collection reported ${errors.length} error(s): ${errors.map(String).join('; ')}`);
    return resourceMetrics;
  }

  /** Collects once and returns every metric, flattened over scopes. */
  async metrics(): Promise<MetricData[]> {
    return allMetrics(await this.resourceMetrics());
  }

  /** Collects once and returns the metric named `name` (undefined when there is none). */
  async metric(name: string): Promise<MetricData | undefined> {
    return (await this.metrics()).find((m) => m.descriptor.name === name);
  }
}

/** Every metric of a collection, flattened over scopes, in collection order. */
export function allMetrics(resourceMetrics: ResourceMetrics): MetricData[] {
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

/** Sorted names of every metric of a collection. */
export function metricNames(resourceMetrics: ResourceMetrics): string[] {
  return allMetrics(resourceMetrics)
    .map((m) => m.descriptor.name)
    .sort();
}

/** The one metric named `name`; throws, listing what there is, when there is none or several. */
export function findMetric(resourceMetrics: ResourceMetrics, name: string): MetricData {
  const found = allMetrics(resourceMetrics).filter((m) => m.descriptor.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one metric "${name}", found ${found.length} among: ${metricNames(resourceMetrics).join(', ') || '(none)'}`);
  }
  return found[0];
}
