// The conformance suite every push exporter package runs against itself: the behaviour the
// PushMetricExporter contract and the specification ask of any exporter, checked through the
// exporter's public API only, against a real receiver the package starts.
//
// Test functions (describe/it) are looked up when the suite is called, never when this module
// loads, and assertions use node:assert: the suite needs a jest-style runner, nothing else.
import * as assert from 'node:assert/strict';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '../../export/export-result-code';
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InstrumentType, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { DEFAULT_HISTOGRAM_BOUNDARIES } from '@meterkit/sdk-metrics-core';
import { PeriodicExportingMetricReader } from '@meterkit/sdk-metrics-core';
import type { PushMetricExporter } from '@meterkit/sdk-metrics-core';
import type { ConformancePoint, ConformanceSetup, ConformanceTarget, ExporterConformanceOptions, TestFunctions } from './types';
import { EXPECTED_METRICS, recordWorkload, WORKLOAD_ATTRIBUTES, WORKLOAD_RESOURCE, WORKLOAD_SCOPE } from './workload';

const DEFAULT_TIMEOUT_MILLIS = 1000;
const DEFAULT_SLACK_MILLIS = 5000;

/** One export, its result, and how many times the exporter called back (must be once). */
export async function exportAndCount(exporter: PushMetricExporter, metrics: ResourceMetrics, withinMillis: number): Promise<ExportResult> {
  let calls = 0;
  const result = await settleWithin(
    new Promise<ExportResult>((resolve, reject) => {
      try {
        exporter.export(metrics, (r) => {
          calls += 1;
          resolve(r);
        });
      } catch (error) {
        reject(new Error(`export() threw instead of calling back FAILED: ${(error as Error)?.message ?? String(error)}`));
      }
    }),
    withinMillis,
    'export() did not call back',
  );
  // A second callback would come from a timer or a late answer: give those a moment.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(calls, 1, `export() called its result callback ${calls} times; it must call it exactly once`);
  return result;
}

async function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An Error from any realm (jest runs tests in their own; fetch's errors come from Node's). */
function isErrorLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

function emptyExport(): ResourceMetrics {
  return { resource: resourceFromAttributes(WORKLOAD_RESOURCE), scopeMetrics: [] };
}

function oneSum(): ResourceMetrics {
  const now: [number, number] = [Math.floor(Date.now() / 1000), 0];
  return {
    resource: resourceFromAttributes(WORKLOAD_RESOURCE),
    scopeMetrics: [
      {
        scope: { name: WORKLOAD_SCOPE },
        metrics: [
          {
            descriptor: { name: 'conformance.single', description: '', unit: '1', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ startTime: now, endTime: now, attributes: WORKLOAD_ATTRIBUTES, value: 1 }],
          },
        ],
      },
    ],
  };
}

function resolveTestFunctions(given: TestFunctions | undefined): TestFunctions {
  if (given) return given;
  const g = globalThis as unknown as Partial<TestFunctions>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function') {
    throw new Error(
      'exporterConformanceSuite() needs a test runner: call it from a jest test file (describe/it are globals there), or pass { testFunctions: { describe, it } }',
    );
  }
  return { describe: g.describe.bind(globalThis), it: g.it.bind(globalThis) };
}

function expectedTemporality(exporter: Pick<PushMetricExporter, 'selectAggregationTemporality'>, type: InstrumentType): AggregationTemporality {
  // What the exporter asks for is what must arrive (a reader without a selector uses cumulative).
  return exporter.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE;
}

/**
 * Asserts that `points` are what round `round` of {@link recordWorkload} must produce, with the
 * temporality `exporter` selects per instrument kind. For suites of your own around the workload
 * (another reader in front of the exporter, say).
 */
export function assertWorkloadRound(points: ConformancePoint[], exporter: Pick<PushMetricExporter, 'selectAggregationTemporality'>, round: 1 | 2): void {
  const byName = new Map<string, ConformancePoint[]>();
  for (const p of points) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  for (const m of EXPECTED_METRICS) {
    const found = byName.get(m.name) ?? [];
    assert.equal(found.length, 1, `round ${round}: expected one point of ${m.name}, the receiver got ${found.length} (names received: ${[...byName.keys()].join(', ')})`);
    const p = found[0];
    const temporality = expectedTemporality(exporter, m.instrumentType);
    const where = `round ${round}, ${m.name}`;
    assert.equal(p.kind, m.kind, `${where}: kind`);
    if (p.unit !== undefined) assert.equal(p.unit, m.unit, `${where}: unit`);
    assert.deepEqual(p.attributes, WORKLOAD_ATTRIBUTES, `${where}: attributes`);
    if (m.kind !== 'gauge') {
      const name = temporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative';
      assert.equal(p.temporality, name, `${where}: temporality (the exporter selected ${name} for this instrument kind)`);
    }
    if (m.isMonotonic !== undefined) assert.equal(p.isMonotonic, m.isMonotonic, `${where}: isMonotonic`);
    if (m.value) assert.equal(p.value, m.value(round, temporality), `${where}: value`);
    if (p.description !== undefined && m.description !== undefined) assert.equal(p.description, m.description, `${where}: description`);
    if (m.histogram) {
      const h = m.histogram(round, temporality);
      assert.deepEqual([p.count, p.sum], [h.count, h.sum], `${where}: [count, sum]`);
      if (p.min !== undefined) assert.equal(p.min, h.min, `${where}: min`);
      if (p.max !== undefined) assert.equal(p.max, h.max, `${where}: max`);
      if (p.explicitBounds !== undefined) {
        assert.deepEqual(p.explicitBounds, DEFAULT_HISTOGRAM_BOUNDARIES, `${where}: boundaries (the default ones)`);
        assert.deepEqual(p.bucketCounts, h.bucketCounts, `${where}: bucket counts`);
      }
    }
    if (p.resource !== undefined) assert.equal(p.resource['service.name'], WORKLOAD_RESOURCE['service.name'], `${where}: resource service.name`);
    if (p.scopeName !== undefined) assert.equal(p.scopeName, WORKLOAD_SCOPE, `${where}: scope name`);
  }
}

/**
 * Defines the conformance tests of one push exporter (with jest: call it at the top level of a
 * test file). Each test calls `create` for a fresh receiver and exporter, and closes both.
 */
export function exporterConformanceSuite(options: ExporterConformanceOptions): void {
  const { describe, it } = resolveTestFunctions(options.testFunctions);
  const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
  const bound = timeoutMillis + (options.slackMillis ?? DEFAULT_SLACK_MILLIS);
  // Room for create, three bounded calls and close on a loaded machine.
  const testTimeout = 4 * bound + 10_000;

  async function withTarget(setup: Omit<ConformanceSetup, 'timeoutMillis'>, body: (target: ConformanceTarget) => Promise<void>): Promise<void> {
    const target = await options.create({ ...setup, timeoutMillis });
    try {
      await body(target);
    } finally {
      await settleWithin(target.exporter.shutdown(), bound, 'shutdown() did not resolve').catch(() => undefined);
      await target.close();
    }
  }

  /** One test: a fresh receiver and exporter set up as `setup` asks, closed afterwards. */
  function check(name: string, setup: Omit<ConformanceSetup, 'timeoutMillis'>, body: (target: ConformanceTarget) => Promise<void>): void {
    it(name, () => withTarget(setup, body), testTimeout);
  }

  const ACCEPTING = { behaviour: 'accept', temporalityPreference: 'cumulative' } as const;

  describe(`${options.name}: push exporter conformance`, () => {
    for (const preference of ['cumulative', 'delta'] as const) {
      const name = `delivers all seven instrument kinds over two collections with the ${preference} temporality preference`;
      check(name, { behaviour: 'accept', temporalityPreference: preference }, async ({ exporter, received }) => {
        const wanted = preference === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
        if (exporter.selectAggregationTemporality) {
          assert.equal(exporter.selectAggregationTemporality(InstrumentType.COUNTER), wanted, 'selectAggregationTemporality(COUNTER) must follow the preference');
        }
        const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, exportTimeoutMillis: bound });
        const provider = new MeterProvider({ resource: resourceFromAttributes(WORKLOAD_RESOURCE), readers: [reader] });
        const recordRoundTwo = recordWorkload(provider.getMeter(WORKLOAD_SCOPE, '0.0.1'));
        await provider.forceFlush();
        const first = [...(await received())];
        assertWorkloadRound(first, exporter, 1);
        recordRoundTwo();
        await provider.forceFlush();
        assertWorkloadRound((await received()).slice(first.length), exporter, 2);
        await provider.shutdown();
      });
    }

    check('answers an export with no metrics with SUCCESS', ACCEPTING, async ({ exporter }) => {
      const result = await exportAndCount(exporter, emptyExport(), bound);
      assert.equal(result.code, ExportResultCode.SUCCESS, `empty export failed: ${result.error?.message}`);
    });

    check('fails an export after shutdown, delivers nothing more, and resolves a second shutdown and a forceFlush', ACCEPTING, async ({ exporter, received }) => {
      assert.equal((await exportAndCount(exporter, oneSum(), bound)).code, ExportResultCode.SUCCESS, 'export before shutdown');
      await exporter.forceFlush();
      const before = (await received()).length;
      await settleWithin(exporter.shutdown(), bound, 'shutdown() did not resolve');
      const after = await exportAndCount(exporter, oneSum(), bound);
      assert.equal(after.code, ExportResultCode.FAILED, 'export after shutdown must fail');
      assert.ok(isErrorLike(after.error), 'a failed export carries an Error');
      await settleWithin(exporter.shutdown(), bound, 'a second shutdown() did not resolve');
      await settleWithin(exporter.forceFlush(), bound, 'forceFlush() after shutdown did not resolve');
      assert.equal((await received()).length, before, 'nothing may arrive after shutdown');
    });

    for (const behaviour of ['reject', 'unreachable'] as const) {
      const name = `calls back FAILED, and never throws, when the receiver ${behaviour === 'reject' ? 'refuses the export' : 'cannot be reached'}`;
      check(name, { behaviour, temporalityPreference: 'cumulative' }, async ({ exporter }) => {
        const result = await exportAndCount(exporter, oneSum(), bound);
        assert.equal(result.code, ExportResultCode.FAILED);
        assert.ok(isErrorLike(result.error), 'a failed export carries an Error');
        await settleWithin(exporter.forceFlush(), bound, 'forceFlush() did not resolve');
      });
    }

    const hangs = 'against a receiver that never answers: export calls back FAILED, forceFlush() and shutdown() resolve, each within the timeout';
    check(hangs, { behaviour: 'hang', temporalityPreference: 'cumulative' }, async ({ exporter }) => {
      const result = await exportAndCount(exporter, oneSum(), bound);
      assert.equal(result.code, ExportResultCode.FAILED, 'an export the receiver never answers fails');
      let second: ExportResult | undefined;
      exporter.export(oneSum(), (r) => (second = r));
      await settleWithin(exporter.forceFlush(), bound, 'forceFlush() did not resolve');
      await settleWithin(exporter.shutdown(), bound, 'shutdown() did not resolve');
      // Shutdown ends what is in flight: its result has come by now, and it is not a success.
      await new Promise((r) => setTimeout(r, 50));
      assert.notEqual(second, undefined, 'an export in flight at shutdown must be called back');
      assert.equal(second?.code, ExportResultCode.FAILED);
    });

    check('keeps a result callback that throws from escaping as an uncaught error', ACCEPTING, async ({ exporter }) => {
      const escaped: unknown[] = [];
      const onError = (error: unknown) => escaped.push(error);
      process.on('unhandledRejection', onError);
      process.on('uncaughtException', onError);
      try {
        let called = false;
        exporter.export(oneSum(), () => {
          called = true;
          throw new Error('a bug in the caller');
        });
        const end = Date.now() + bound;
        while (!called && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
        assert.ok(called, 'export() did not call back');
        await settleWithin(exporter.forceFlush(), bound, 'forceFlush() did not resolve');
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(escaped.map(String), [], 'the callback error escaped');
      } finally {
        process.off('unhandledRejection', onError);
        process.off('uncaughtException', onError);
      }
    });
  });
}
