// The conformance suite itself: it passes a correct exporter and fails each kind of broken one.
// Its tests are collected through `testFunctions` and run here by hand against an in-process
// exporter whose "receiver" is an array, with one flaw switched on at a time.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  CUMULATIVE_TEMPORALITY_SELECTOR,
  DELTA_TEMPORALITY_SELECTOR,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '../src';
import { exporterConformanceSuite, type ConformancePoint, type ConformanceSetup, type ExporterConformanceOptions } from '../src/testing';
import { toNdjson } from './fixtures/ndjson-exporter/ndjson-http-exporter';

type Flaw = 'none' | 'succeedsAfterShutdown' | 'throwsOnFailure' | 'neverCallsBackWhenHung' | 'dropsAMetric' | 'ignoresPreference' | 'callsBackTwice';

class ArrayExporter implements PushMetricExporter {
  readonly points: ConformancePoint[] = [];
  private readonly pending = new Set<Promise<void>>();
  private isShutdown = false;
  constructor(
    private readonly setup: ConformanceSetup,
    private readonly flaw: Flaw,
  ) {}

  export(metrics: ResourceMetrics, callback: (result: ExportResult) => void): void {
    if (this.isShutdown && this.flaw !== 'succeedsAfterShutdown') return callback({ code: ExportResultCode.FAILED, error: new Error('shut down') });
    const { behaviour, timeoutMillis } = this.setup;
    if (behaviour === 'reject' || behaviour === 'unreachable') {
      if (this.flaw === 'throwsOnFailure') throw new Error(`receiver: ${behaviour}`);
      return void setImmediate(callback, { code: ExportResultCode.FAILED, error: new Error(behaviour) });
    }
    if (behaviour === 'hang') {
      if (this.flaw === 'neverCallsBackWhenHung') return;
      const timedOut = new Promise<void>((resolve) => setTimeout(resolve, timeoutMillis)).then(() => callback({ code: ExportResultCode.FAILED, error: new Error('timed out') }));
      this.pending.add(timedOut);
      return;
    }
    const lines = toNdjson(metrics).split('\n').filter(Boolean).map((l) => JSON.parse(l) as ConformancePoint);
    this.points.push(...(this.flaw === 'dropsAMetric' ? lines.filter((p) => p.name !== 'conformance.queue') : lines));
    setImmediate(() => {
      try {
        callback({ code: ExportResultCode.SUCCESS });
        if (this.flaw === 'callsBackTwice') callback({ code: ExportResultCode.SUCCESS });
      } catch {
        // the caller's bug stays here
      }
    });
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    await this.forceFlush();
  }

  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    const delta = this.setup.temporalityPreference === 'delta' && this.flaw !== 'ignoresPreference';
    return (delta ? DELTA_TEMPORALITY_SELECTOR : CUMULATIVE_TEMPORALITY_SELECTOR)(type);
  }
}

/** The suite's tests for an ArrayExporter with `flaw`, as name → function. */
function collectSuite(flaw: Flaw): Map<string, () => Promise<void>> {
  const tests = new Map<string, () => Promise<void>>();
  const options: ExporterConformanceOptions = {
    name: `ArrayExporter (${flaw})`,
    timeoutMillis: 100,
    slackMillis: 400,
    async create(setup) {
      const exporter = new ArrayExporter(setup, flaw);
      return { exporter, received: () => exporter.points, close: async () => {} };
    },
    testFunctions: { describe: (_name, fn) => fn(), it: (name, fn) => void tests.set(name, fn) },
  };
  exporterConformanceSuite(options);
  return tests;
}

function find(tests: Map<string, () => Promise<void>>, part: string): () => Promise<void> {
  const matches = [...tests.keys()].filter((name) => name.includes(part));
  if (matches.length !== 1) throw new Error(`"${part}" matches ${matches.length} tests: ${[...tests.keys()].join(' | ')}`);
  return tests.get(matches[0])!;
}

it('defines its tests through the given test functions, and every one passes a correct exporter', async () => {
  const tests = collectSuite('none');
  expect(tests.size).toBe(8);
  for (const [name, run] of tests) await expect(run().then(() => name)).resolves.toBe(name);
});

it.each([
  ['succeedsAfterShutdown', 'fails an export after shutdown', /export after shutdown must fail/],
  ['throwsOnFailure', 'refuses the export', /export\(\) threw instead of calling back FAILED/],
  ['throwsOnFailure', 'cannot be reached', /export\(\) threw/],
  ['neverCallsBackWhenHung', 'never answers', /export\(\) did not call back within 500 ms/],
  ['dropsAMetric', 'cumulative temporality preference', /expected one point of conformance\.queue, the receiver got 0/],
  ['ignoresPreference', 'delta temporality preference', /selectAggregationTemporality\(COUNTER\) must follow the preference/],
  ['callsBackTwice', 'no metrics', /called its result callback 2 times/],
] as const)('fails an exporter that %s, in the test that %s', async (flaw, test, message) => {
  await expect(find(collectSuite(flaw), test)()).rejects.toThrow(message);
});

it('says what it needs when no test runner functions are there', () => {
  const g = globalThis as { describe?: unknown };
  const saved = g.describe;
  g.describe = undefined;
  try {
    expect(() => exporterConformanceSuite({ name: 'x', create: async () => ({}) as never })).toThrow(/needs a test runner/);
  } finally {
    g.describe = saved;
  }
});
