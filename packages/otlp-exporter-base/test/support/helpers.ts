import * as net from 'net';
import type { ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@meterkit/sdk-metrics-core';

export function exportOnce(exporter: PushMetricExporter, metrics: ResourceMetrics): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}

export async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Fast backoff so retry tests stay short; Retry-After tests set the server's delay instead. */
export const FAST_RETRY = { initialBackoffMillis: 20, maxBackoffMillis: 50 };

/** Exports `metrics` once, then shuts the exporter down whatever the outcome. */
export async function exportThenShutdown(exporter: PushMetricExporter, metrics: ResourceMetrics): Promise<ExportResult> {
  try {
    return await exportOnce(exporter, metrics);
  } finally {
    await exporter.shutdown();
  }
}

/** Runs `make` with `vars` added to the environment, then puts the environment back as it was. */
export function withEnv<T>(vars: Record<string, string>, make: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  try {
    return make();
  } finally {
    process.env = saved;
  }
}

/** A loopback port that was free a moment ago and is now closed, for "receiver is down" tests. */
export function reserveClosedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
