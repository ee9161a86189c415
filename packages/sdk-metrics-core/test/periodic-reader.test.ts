import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '../src';
import { captureDiag, sleep } from './helpers';

describe('PeriodicExportingMetricReader', () => {
  it('exports on its interval with the exporter’s temporality', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 50, exportTimeoutMillis: 40 });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(1);
    for (let i = 0; i < 100 && exporter.getMetrics().length === 0; i++) await sleep(10);
    counter.add(2);
    for (let i = 0; i < 100 && exporter.getMetrics().length < 2; i++) await sleep(10);
    await provider.shutdown();
    const values = exporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((s) => s.metrics.flatMap((m) => m.dataPoints.map((p) => p.value))));
    expect(values.slice(0, 2)).toEqual([1, 2]);
    expect(exporter.getMetrics()[0].scopeMetrics[0].metrics[0].aggregationTemporality).toBe(AggregationTemporality.DELTA);
  });

  it('never runs two exports at once while the scheduled exports overlap the interval', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    // Nearly as slow as the interval, within its timeout (as the exporter contract requires).
    const slow: PushMetricExporter = {
      export(_m: ResourceMetrics, cb: (r: ExportResult) => void) {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          cb({ code: ExportResultCode.SUCCESS });
        }, 25);
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const reader = new PeriodicExportingMetricReader({ exporter: slow, exportIntervalMillis: 30, exportTimeoutMillis: 30 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(1);
    // Flushes land on top of the scheduled runs.
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      flushes.push(provider.forceFlush());
      await sleep(15);
    }
    await Promise.all(flushes);
    await provider.shutdown();
    expect(calls).toBeGreaterThan(1);
    expect(maxInFlight).toBe(1);
  });

  it('reports a failed export through diag and keeps going', async () => {
    const diag = captureDiag();
    try {
      let calls = 0;
      const failing: PushMetricExporter = {
        export(_m, cb) {
          calls++;
          cb({ code: ExportResultCode.FAILED, error: new Error('backend down') });
        },
        forceFlush: async () => {},
        shutdown: async () => {},
      };
      const reader = new PeriodicExportingMetricReader({ exporter: failing, exportIntervalMillis: 1000 });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createCounter('c').add(1);
      await provider.forceFlush();
      await provider.forceFlush();
      expect(calls).toBe(2);
      expect(diag.messages.filter((m) => m.level === 'error' && m.message.includes('backend down'))).toHaveLength(2);
      await provider.shutdown();
    } finally {
      diag.restore();
    }
  });

  it('does not export when there is nothing to export', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1000 });
    const provider = new MeterProvider({ readers: [reader] });
    await provider.forceFlush();
    expect(exporter.getMetrics()).toEqual([]);
    await provider.shutdown();
  });

  it('takes its defaults from OTEL_METRIC_EXPORT_INTERVAL and OTEL_METRIC_EXPORT_TIMEOUT; a bad value warns and uses the default', () => {
    const log = captureDiag();
    process.env.OTEL_METRIC_EXPORT_INTERVAL = '100';
    process.env.OTEL_METRIC_EXPORT_TIMEOUT = '200';
    try {
      const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
      const clamped = new PeriodicExportingMetricReader({ exporter }) as unknown as { exportInterval: number; exportTimeout: number };
      expect([clamped.exportInterval, clamped.exportTimeout]).toEqual([100, 100]);
      expect(log.messages.some((m) => m.level === 'warn' && /clamping the timeout to the interval/.test(m.message))).toBe(true);
      process.env.OTEL_METRIC_EXPORT_INTERVAL = 'abc';
      process.env.OTEL_METRIC_EXPORT_TIMEOUT = '-5';
      const defaults = new PeriodicExportingMetricReader({ exporter }) as unknown as { exportInterval: number; exportTimeout: number };
      expect([defaults.exportInterval, defaults.exportTimeout]).toEqual([60_000, 30_000]);
      expect(log.messages.filter((m) => m.level === 'warn').map((m) => m.message).join('\n')).toMatch(
        /OTEL_METRIC_EXPORT_INTERVAL="abc"[^\n]*using the default\n.*OTEL_METRIC_EXPORT_TIMEOUT="-5"/,
      );
    } finally {
      delete process.env.OTEL_METRIC_EXPORT_INTERVAL;
      delete process.env.OTEL_METRIC_EXPORT_TIMEOUT;
      log.restore();
    }
  });

  it.each([
    [{ exportIntervalMillis: -1 }, /"exportIntervalMillis" must be a positive number/],
    [{ exportIntervalMillis: 0 }, /"exportIntervalMillis" must be a positive number/],
    [{ exportTimeoutMillis: NaN }, /"exportTimeoutMillis" must be a positive number/],
    [{ cardinalityLimits: { counter: -5 } }, /"cardinalityLimits.counter" must be a positive integer/],
  ])('fails fast on bad options %j', (options, message) => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    expect(() => new PeriodicExportingMetricReader({ exporter, ...options })).toThrow(message);
  });

  it('requires an exporter', () => {
    expect(() => new PeriodicExportingMetricReader({} as never)).toThrow(/"exporter" must be a PushMetricExporter/);
  });

  it('its timer does not keep the process alive', async () => {
    const { spawnSync } = await import('child_process');
    const path = await import('path');
    const script = `
      const { MeterProvider, PeriodicExportingMetricReader, InMemoryMetricExporter } = require(${JSON.stringify(path.resolve(__dirname, '..', 'src'))});
      const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(1), exportIntervalMillis: 60000 });
      new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c').add(1);
    `;
    // run through ts-jest's transpiler-free path: the built sources are TypeScript, so use esbuild-register-like require hook
    const result = spawnSync(process.execPath, ['-r', require.resolve('./support/register-ts'), '-e', script], { timeout: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
  });
});
