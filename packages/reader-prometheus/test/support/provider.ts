import type { Attributes } from '@opentelemetry/api';
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader, type PrometheusReaderOptions } from '../../src';

/** A reader on a free loopback port, registered on a real MeterProvider. */
export async function startReader(options: PrometheusReaderOptions = {}, resource?: Attributes) {
  const reader = new PrometheusReader({ host: '127.0.0.1', port: 0, withoutTargetInfo: resource === undefined, ...options });
  const provider = new MeterProvider({
    resource: resource === undefined ? emptyResource() : resourceFromAttributes(resource),
    readers: [reader],
  });
  const address = options.preventServerStart ? undefined : await reader.ready;
  return { reader, provider, address, meter: provider.getMeter('test.meter', '0.1.0'), url: address?.url ?? '' };
}

export const SCOPE = 'otel_scope_name="test.meter",otel_scope_version="0.1.0"';
