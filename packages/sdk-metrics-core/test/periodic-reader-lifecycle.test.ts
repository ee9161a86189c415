// Lifecycle of the periodic reader: serialized exports under overlapping flushes, an exporter
// that never calls back, shutdown order, error reporting, option resolution, and that an
// explicit shutdown keeps the process alive (child processes, since exit is what is tested).
import { spawn } from 'child_process';
import * as path from 'path';
import { ExportResultCode, loggingErrorHandler, setGlobalErrorHandler, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '../src';
import { captureDiag, sleep } from './helpers';

function pointCount(rm: ResourceMetrics): number {
  return rm.scopeMetrics.reduce((n, s) => n + s.metrics.reduce((k, m) => k + m.dataPoints.length, 0), 0);
}

function sumOf(rm: ResourceMetrics, name: string): number | undefined {
  for (const s of rm.scopeMetrics) for (const m of s.metrics) if (m.descriptor.name === name) return m.dataPoints[0]?.value as number;
  return undefined;
}

/** An exporter that answers after `delayMs` and records its calls and the highest concurrency. */
function countingExporter(delayMs: number) {
  const state = { calls: [] as ResourceMetrics[], inFlight: 0, maxInFlight: 0, log: [] as string[] };
  const exporter: PushMetricExporter = {
    export(metrics, cb) {
      state.calls.push(metrics);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      setTimeout(() => {
        state.inFlight--;
        cb({ code: ExportResultCode.SUCCESS });
      }, delayMs);
    },
    forceFlush: async () => void state.log.push('forceFlush'),
    shutdown: async () => void state.log.push('shutdown'),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  return { exporter, state };
}

describe('PeriodicExportingMetricReader lifecycle', () => {
  afterEach(() => setGlobalErrorHandler(loggingErrorHandler()));

  it('overlapping forceFlush() and shutdown() calls never export concurrently, and the last one carries every recording', async () => {
    const { exporter, state } = countingExporter(60);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(1);
    const first = reader.forceFlush();
    counter.add(2);
    const second = reader.forceFlush();
    const third = reader.forceFlush();
    counter.add(4);
    const last = provider.shutdown();
    await Promise.all([first, second, third, last]);
    expect(state.maxInFlight).toBe(1);
    // The first flush ran at once; the three that arrived during it shared one queued run,
    // which collected after the last add().
    expect(state.calls).toHaveLength(2);
    expect(sumOf(state.calls[1]!, 'c')).toBe(7);
    expect(state.log.indexOf('shutdown')).toBe(state.log.length - 1);
  });

  it('an exporter that never calls back fails at the export timeout, is reported at error level, and later exports still happen', async () => {
    const log = captureDiag();
    try {
      let calls = 0;
      const stuckOnce: PushMetricExporter = {
        export(_m: ResourceMetrics, cb: (r: ExportResult) => void) {
          calls++;
          if (calls > 1) cb({ code: ExportResultCode.SUCCESS });
          // The first call never calls back.
        },
        forceFlush: async () => {},
        shutdown: async () => {},
      };
      const reader = new PeriodicExportingMetricReader({ exporter: stuckOnce, exportIntervalMillis: 100, exportTimeoutMillis: 100 });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createCounter('c').add(1);
      // Scheduled runs: the first one hangs until its timeout, the next ones export again.
      for (let i = 0; i < 300 && calls < 3; i++) await sleep(10);
      expect(calls).toBeGreaterThanOrEqual(3);
      expect(log.messages.some((m) => m.level === 'error' && /did not call back within the export timeout of 100 ms/.test(m.message))).toBe(true);
      await provider.shutdown();
    } finally {
      log.restore();
    }
  });

  it('export failures, timeouts and collection errors reach the global error handler', async () => {
    const seen: string[] = [];
    setGlobalErrorHandler((e) => seen.push(String((e as Error).message ?? e)));
    const failing: PushMetricExporter = {
      export: (_m, cb) => cb({ code: ExportResultCode.FAILED, error: new Error('backend says no') }),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const reader = new PeriodicExportingMetricReader({ exporter: failing, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('m');
    meter.createCounter('c').add(1);
    meter.createObservableGauge('g').addCallback(() => {
      throw new Error('callback broke');
    });
    await provider.forceFlush();
    expect(seen.some((m) => /callback broke/.test(m))).toBe(true);
    expect(seen.some((m) => /metrics export failed: backend says no/.test(m))).toBe(true);
    await provider.shutdown();
  });

  it('shutdown() exports once more, then calls the exporter’s forceFlush() before its shutdown()', async () => {
    const { exporter, state } = countingExporter(1);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(5);
    await provider.shutdown();
    expect(state.calls.map((rm) => sumOf(rm, 'c'))).toEqual([5]);
    expect(state.log).toEqual(['forceFlush', 'shutdown']);
  });

  it('maxExportBatchSize splits one collection into export calls of at most that many points', async () => {
    const { exporter, state } = countingExporter(1);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000, maxExportBatchSize: 2 });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 5; i++) counter.add(1, { i });
    await provider.forceFlush();
    expect(state.calls.map(pointCount)).toEqual([2, 2, 1]);
    expect(state.maxInFlight).toBe(1);
    await provider.shutdown();
  });

  it.each([
    [{ maxExportBatchSize: 0 }, /"maxExportBatchSize" must be a positive integer/],
    [{ maxExportBatchSize: 1.5 }, /"maxExportBatchSize" must be a positive integer/],
    [{ exportIntervalMilis: 10 }, /unknown option 'exportIntervalMilis' \(did you mean 'exportIntervalMillis'\?\)/],
    [{ cardinalityLimits: { counters: 5 } }, /unknown option 'counters' \(did you mean 'counter'\?\)/],
    [{ exportIntervalMillis: 100, exportTimeoutMillis: 200 }, /"exportTimeoutMillis" \(200\) must not exceed "exportIntervalMillis" \(100\)/],
  ])('rejects bad options in code: %j', (options, message) => {
    const { exporter } = countingExporter(1);
    expect(() => new PeriodicExportingMetricReader({ exporter, ...(options as object) })).toThrow(message);
  });

  it('clamps a timeout longer than the interval when only one of them is given in code, with a warning', () => {
    const log = captureDiag();
    try {
      const { exporter } = countingExporter(1);
      const a = new PeriodicExportingMetricReader({ exporter, exportTimeoutMillis: 90_000 }) as unknown as { exportTimeout: number };
      const b = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1000 }) as unknown as { exportTimeout: number };
      expect([a.exportTimeout, b.exportTimeout]).toEqual([60_000, 1000]);
      expect(log.messages.filter((m) => m.level === 'warn' && /clamping the timeout/.test(m.message))).toHaveLength(2);
    } finally {
      log.restore();
    }
  });
});

/** Runs a script that loads the sources; resolves with its exit code and output. */
function runChild(script: string, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('./support/register-ts'), '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    // 'close' (stdio drained), not 'exit', which can come before the last output is read.
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('explicit shutdown keeps the process alive until it settles', () => {
  const src = JSON.stringify(path.resolve(__dirname, '..', 'src'));

  it('with an observable callback that never resolves: the other data is exported, shutdown resolves, the process exits by itself', async () => {
    const script = `
      const { MeterProvider, PeriodicExportingMetricReader } = require(${src});
      const exported = [];
      const exporter = {
        export(metrics, cb) {
          for (const s of metrics.scopeMetrics) for (const m of s.metrics) exported.push(m.descriptor.name + '=' + m.dataPoints[0].value);
          cb({ code: 0 });
        },
        forceFlush: async () => {},
        shutdown: async () => {},
      };
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60000, exportTimeoutMillis: 1000 });
      const provider = new MeterProvider({ readers: [reader] });
      const meter = provider.getMeter('m');
      meter.createCounter('requests').add(3);
      meter.createObservableGauge('stuck').addCallback(() => new Promise(() => {}));
      provider.shutdown().then(
        () => { console.log('resolved ' + exported.join(',')); process.exitCode = 0; },
        (e) => { console.log('rejected ' + e.message); process.exitCode = 2; },
      );
      process.exitCode = 7; // what the process exits with if it dies before shutdown settles
    `;
    const result = await runChild(script);
    expect(result.stdout.trim()).toBe('resolved requests=3');
    expect(result.code).toBe(0);
  });
});
