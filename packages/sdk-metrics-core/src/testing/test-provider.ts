// A MeterProvider wired to one TestReader: the three lines every SDK test starts with.
import type { Resource } from '@opentelemetry/resources';
import type { Meter } from '@opentelemetry/api';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import type { ExemplarFilter, View } from '@meterkit/sdk-metrics-core';
import { TestReader, type TestReaderOptions } from './test-reader';

export interface TestProviderOptions extends TestReaderOptions {
  resource?: Resource;
  views?: Array<View | Record<string, unknown>>;
  /** The provider's exemplar filter (default: OTEL_METRICS_EXEMPLAR_FILTER, else trace_based). */
  exemplarFilter?: ExemplarFilter;
}

export interface TestProvider {
  provider: MeterProvider;
  reader: TestReader;
  /** `provider.getMeter(name)`; the name defaults to "test". */
  meter(name?: string, version?: string): Meter;
}

export function createTestProvider(options: TestProviderOptions = {}): TestProvider {
  const { resource, views, exemplarFilter, ...readerOptions } = options;
  const reader = new TestReader(readerOptions);
  const provider = new MeterProvider({ resource, views, readers: [reader], ...(exemplarFilter !== undefined ? { exemplarFilter } : {}) });
  return { provider, reader, meter: (name = 'test', version) => provider.getMeter(name, version) };
}
