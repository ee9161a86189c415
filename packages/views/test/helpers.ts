// The views tests' names for the shared test kit (@meterkit/sdk-metrics-core/testing): a
// provider with a pull reader, collecting, and reading metrics back.
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { createTestProvider, findMetric, pointsOf, withDiagCaptured, type TestReader } from '@meterkit/sdk-metrics-core/testing';
import type { View } from '../src';

export { TestReader, allMetrics, metricNames } from '@meterkit/sdk-metrics-core/testing';
export { findMetric as metric, pointsOf as points };

export function setup(views: View[]) {
  const { provider, reader } = createTestProvider({ views });
  return { provider, reader };
}

/** One collection; a collection that reports errors fails the test. */
export function collect(reader: TestReader): Promise<ResourceMetrics> {
  return reader.resourceMetrics();
}

/** Runs `fn` with diag captured; `warnings` holds what was logged at WARN and ERROR. */
export async function captureDiag<T>(fn: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
  const { result, diag } = await withDiagCaptured(fn);
  return { result, warnings: diag.messages.filter((m) => m.level === 'warn' || m.level === 'error').map((m) => m.message) };
}
