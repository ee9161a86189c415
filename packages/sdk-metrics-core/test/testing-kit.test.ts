// The helpers of @meterkit/sdk-metrics-core/testing (the conformance suite has its own file),
// and the built subpath as plain Node (no jest) loads it through the package's exports map.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '../src';
import { captureDiag, createTestProvider, findMetric, withDiagCaptured, withoutTimestamps } from '../src/testing';

describe('createTestProvider and withoutTimestamps', () => {
  it('collect on demand, with the temporality asked for, and compare points without timestamps in attribute order', async () => {
    const { provider, reader, meter } = createTestProvider({ temporality: AggregationTemporality.DELTA });
    const counter = meter().createCounter('c');
    counter.add(2, { b: 1, a: 'x' });
    counter.add(1, { a: 'w' });
    const first = findMetric(await reader.resourceMetrics(), 'c');
    expect(first.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(withoutTimestamps(first)).toEqual([
      { attributes: { a: 'w' }, value: 1 },
      { attributes: { a: 'x', b: 1 }, value: 2 },
    ]);
    counter.add(5, { a: 'w' });
    expect(withoutTimestamps(await reader.metric('c'))).toEqual([{ attributes: { a: 'w' }, value: 5 }]);
    await provider.shutdown();
  });

  it('keep histogram values whole', async () => {
    const { reader, meter } = createTestProvider();
    meter().createHistogram('h', { advice: { explicitBucketBoundaries: [10] } }).record(3);
    const h = await reader.metric('h');
    expect(h?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(withoutTimestamps(h)).toEqual([
      { attributes: {}, value: { buckets: { boundaries: [10], counts: [1, 0] }, count: 1, sum: 3, min: 3, max: 3 } },
    ]);
  });

  it('findMetric names what there is when the metric is missing', async () => {
    const { reader, meter } = createTestProvider();
    meter().createCounter('present').add(1);
    expect(() => findMetric({ resource: undefined as never, scopeMetrics: [] }, 'x')).toThrow(/found 0 among: \(none\)/);
    const rm = await reader.resourceMetrics();
    expect(() => findMetric(rm, 'absent')).toThrow(/expected one metric "absent", found 0 among: present/);
  });
});

describe('captureDiag', () => {
  it('keeps warnings and errors with their arguments, and restore() disables the logger', () => {
    const capture = captureDiag();
    diag.warn('careful', { k: 1 });
    diag.error('broken', new Error('cause'));
    diag.info('not captured at WARN');
    capture.restore();
    diag.warn('after restore');
    expect(capture.warnings()).toEqual(['careful {"k":1}']);
    expect(capture.errors()).toEqual(['broken cause']);
    expect(capture.messages).toHaveLength(2);
  });

  it('withDiagCaptured restores even when the function throws', async () => {
    await expect(withDiagCaptured(() => Promise.reject(new Error('inner')))).rejects.toThrow('inner');
    const capture = captureDiag();
    capture.restore();
    diag.warn('nobody listens');
    expect(capture.messages).toEqual([]);
  });
});

const packageDir = path.resolve(__dirname, '..');
const dist = path.join(packageDir, 'dist');
const built = ['testing.js', 'testing.mjs', 'testing.d.ts', 'testing.d.mts'].every((f) => fs.existsSync(path.join(dist, f)));

(built ? describe : describe.skip)('the testing subpath, built (requires `pnpm build`)', () => {
  // Run from the package's own folder, the package's name resolves to itself through its
  // "exports" map (Node's self-reference), so these load dist/ exactly as an app would.
  const app = packageDir;

  // No jest here: loading the subpath touches no test-runner global, and the suite says what it needs.
  const program = `
    const { provider, reader } = createTestProvider();
    provider.getMeter('m').createCounter('c').add(2, { k: 'v' });
    let suiteError;
    try { exporterConformanceSuite({ name: 'x', create: async () => ({}) }); } catch (e) { suiteError = e.message; }
    reader.metrics().then((metrics) => {
      console.log(JSON.stringify([pointsOf(metrics[0]), reader instanceof MetricReader, /needs a test runner/.test(suiteError)]));
    });`;
  const expected = JSON.stringify([[[{ k: 'v' }, 2]], true, true]);

  it('loads with require(), its reader a MetricReader of the main entry', () => {
    const code = `const { createTestProvider, pointsOf, exporterConformanceSuite } = require('@meterkit/sdk-metrics-core/testing');
      const { MetricReader } = require('@meterkit/sdk-metrics-core');${program}`;
    expect(execFileSync(process.execPath, ['-e', code], { cwd: app }).toString().trim()).toBe(expected);
  });

  it('loads with import, its reader a MetricReader of the main entry', () => {
    const code = `import { createTestProvider, pointsOf, exporterConformanceSuite } from '@meterkit/sdk-metrics-core/testing';
      import { MetricReader } from '@meterkit/sdk-metrics-core';${program}`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: app }).toString().trim()).toBe(expected);
  });

  it('keeps the suite out of what the main entry loads, and shares the main entry instead of copying it', () => {
    // The main entry is one self-contained file per module system; the testing entry loads the
    // main one through the package name, so its classes are the same objects (no second copy).
    for (const entry of ['index.js', 'index.mjs']) {
      expect([entry, fs.readFileSync(path.join(dist, entry), 'utf8').match(/needs a test runner|node:assert|chunk-/)?.[0]]).toEqual([entry, undefined]);
    }
    const testingCjs = fs.readFileSync(path.join(dist, 'testing.js'), 'utf8');
    expect(testingCjs).toMatch(/needs a test runner/);
    expect(testingCjs).toMatch(/require\("@meterkit\/sdk-metrics-core"\)/);
    expect(testingCjs).not.toMatch(/class MeterProvider\b/);
    expect(fs.readFileSync(path.join(dist, 'testing.mjs'), 'utf8')).toMatch(/from "@meterkit\/sdk-metrics-core"/);
  });
});

it('the README example is the test file test/fixtures/readme-testing.test.ts, which runs', () => {
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  const fixture = fs.readFileSync(path.join(__dirname, 'fixtures', 'readme-testing.test.ts'), 'utf8');
  expect(readme).toContain('```ts\n' + fixture + '```');
});

it('docs/extending.md shows the walk-through exporter and its test as they are in test/fixtures/ndjson-exporter', () => {
  const doc = fs.readFileSync(path.join(packageDir, '..', '..', 'docs', 'extending.md'), 'utf8');
  for (const file of ['ndjson-http-exporter.ts', 'ndjson-http-exporter.test.ts']) {
    const code = fs.readFileSync(path.join(__dirname, 'fixtures', 'ndjson-exporter', file), 'utf8');
    expect([file, doc.includes('```ts\n' + code + '```')]).toEqual([file, true]);
  }
});
