// Smoke test of the harness: a few workloads in quick mode through the same functions the
// CLI uses; checks the shape of the output, never the timings.
import { defaultOptions, evaluateTargets, renderMarkdown, runBench, runHotPath, type BenchReport, type Row } from '../src';
import { runAllocation } from '../src/workloads/allocation';
import { runCluster } from '../src/workloads/cluster-merge';
import { runCollection } from '../src/workloads/collection';
import { runStartup, STARTUP_CASES } from '../src/workloads/startup';
import { requireRows } from '../src/workloads/cold-require';
import { eventLoopBlockRows } from '../src/workloads/event-loop-block';
import { runIsolatedChild } from '../src/isolated-child';

const tiny = defaultOptions({
  quick: true,
  samples: 2,
  sampleMs: 5,
  warmupMs: 5,
  collectSamples: 1,
  seriesCounts: [1_000],
  allocationCalls: 20_000,
});

function expectFinitePositive(row: Row, impls: string[]): void {
  for (const impl of impls) {
    const result = row.results[impl as keyof Row['results']];
    expect(result).toBeDefined();
    expect(Number.isFinite(result!.median)).toBe(true);
    expect(result!.median).toBeGreaterThan(0);
    expect(result!.samples.length).toBeGreaterThan(0);
  }
}

describe('bench harness (quick mode)', () => {
  it('runs hot-path rows on all three libraries and the plain JS baseline', async () => {
    const rows = await runHotPath({ ...tiny, filters: ['counter.same-object', 'baseline', 'histogram.same-object'] });
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['counter.same-object', 'histogram.same-object', 'baseline.plain-js', 'counter.no-attributes', 'counter.bound']));
    const same = rows.find((r) => r.id === 'counter.same-object')!;
    expect(same.unit).toBe('ns/op');
    expectFinitePositive(same, ['meterkit', 'otel', 'prom']);
    expectFinitePositive(rows.find((r) => r.id === 'baseline.plain-js')!, ['js']);
    expectFinitePositive(rows.find((r) => r.id === 'counter.bound')!, ['meterkit']);
  });

  it('runs many-series rows beside their lower bound, and targets them', async () => {
    const rows = await runHotPath({ ...tiny, filters: ['many.counter.8-attributes', 'many.counter.array-value', 'many.histogram.exponential.1000-'] });
    expect(rows.map((r) => r.id).sort()).toEqual(['many.counter.8-attributes', 'many.counter.array-value', 'many.histogram.exponential.1000-sets']);
    expectFinitePositive(rows.find((r) => r.id === 'many.counter.8-attributes')!, ['meterkit', 'otel', 'prom', 'lower-bound']);
    const array = rows.find((r) => r.id === 'many.counter.array-value')!;
    expectFinitePositive(array, ['meterkit', 'otel', 'lower-bound']);
    expect(array.results.prom).toBeUndefined(); // prom-client label values cannot be arrays
    expectFinitePositive(rows.find((r) => r.id === 'many.histogram.exponential.1000-sets')!, ['meterkit', 'otel', 'lower-bound']);
    const bound = evaluateTargets(rows).find((t) => t.id === 'many.counter.8-attributes-vs-bound')!;
    expect(Number.isFinite(bound.value)).toBe(true);
    expect(bound.pass).not.toBeNull();
  });

  it('times collections on both SDKs and checks they saw every series', async () => {
    const rows = await runCollection({ ...tiny, filters: ['collect.counter.delta.1000'] });
    expect(rows.map((r) => r.id)).toEqual(['collect.counter.delta.1000']);
    expectFinitePositive(rows[0], ['meterkit', 'otel']);
    for (const impl of ['meterkit', 'otel'] as const) {
      const extra = rows[0].results[impl]!.extra!;
      expect(Object.keys(extra).sort()).toEqual(['GC in timing ms', 'points']);
      expect(extra.points).toBe(1000);
      expect(extra['GC in timing ms']).toBeGreaterThanOrEqual(0);
    }
  });

  it('runs the histogram rows on 10,000 sets beside their lower bound, with targets from it', async () => {
    const rows = await runHotPath({ ...tiny, filters: ['many.histogram.10000-sets'] });
    expect(rows.map((r) => r.id)).toEqual(['many.histogram.10000-sets']);
    expectFinitePositive(rows[0], ['meterkit', 'otel', 'prom', 'lower-bound']);
    const verdicts = evaluateTargets(rows).filter((t) => t.id.startsWith('many.histogram.10000-sets-'));
    expect(verdicts.map((t) => t.threshold).sort()).toEqual(['<= 4', '>= 10', '>= 3']);
    for (const t of verdicts) expect(t.pass).not.toBeNull();
  });

  it('runs one case of a collection row alone, as an isolated child does', async () => {
    const result = await runIsolatedChild({ rowId: 'collect.counter.delta.1000', caseId: 'otel', quick: true, collectSamples: 1, seriesCounts: [1_000] });
    expect(result.samples).toHaveLength(1);
    expect(result.extra!.points).toBe(1000);
    // and the export section's cases one by one: the lower bound without meterkit's own encoder
    const bound = await runIsolatedChild({ rowId: 'serialize.protobuf.counter.10000', caseId: 'lower-bound', quick: true, collectSamples: 1, seriesCounts: [10_000] });
    expect(bound.extra!.points).toBe(10_000);
    expect(bound.extra!.bytes).toBeGreaterThan(10_000 * 40);
    await expect(runIsolatedChild({ rowId: 'collect.counter.delta.1000', caseId: 'prom', quick: true, collectSamples: 1, seriesCounts: [1_000] })).rejects.toThrow(/no case prom/);
  });

  it('times the cluster merge beside prom-client\'s AggregatorRegistry', async () => {
    const rows = await runCluster({ ...tiny, filters: ['cluster'] });
    expect(rows.map((r) => r.id)).toEqual(['cluster.merge.8x1000', 'cluster.worker.1000']);
    for (const row of rows) expectFinitePositive(row, ['meterkit', 'prom']);
    expect(rows[0].results.meterkit!.extra!['IPC bytes']).toBeGreaterThan(0);
  });

  it('reports bytes per operation for the allocation row', async () => {
    const rows = await runAllocation({ ...tiny, filters: ['allocation.counter.same-object'], impls: ['meterkit'] });
    expect(rows).toHaveLength(1);
    const figure = rows[0].results.meterkit!;
    expect(Number.isFinite(figure.median)).toBe(true);
    expect(figure.median).toBeGreaterThanOrEqual(0);
    expect(figure.extra).toHaveProperty('scavenges');
  });

  it('times cold requires in child processes, with the core alone in the details', async () => {
    const rows: Row[] = [];
    await requireRows({ ...tiny, filters: ['require.otlp-http'] }, rows);
    expect(rows.map((r) => r.id)).toEqual(['require.otlp-http']);
    expectFinitePositive(rows[0], ['meterkit', 'otel', 'prom']);
    expect(rows[0].results.meterkit!.samples).toHaveLength(3);
    expect(rows[0].results.meterkit!.extra!['core alone ms']).toBeGreaterThan(0);
  });

  it('measures the longest event-loop block of collect + export, split into collect and encode + send', async () => {
    const rows: Row[] = [];
    // meterkit only: the official exporter loads its HTTP agent with a dynamic import(), which
    // jest's module system refuses; the CLI runs both.
    await eventLoopBlockRows({ ...tiny, filters: ['event-loop-block'], impls: ['meterkit'] }, rows);
    expect(rows.map((r) => r.id)).toEqual(['export.event-loop-block.10000']);
    expectFinitePositive(rows[0], ['meterkit']);
    const extra = rows[0].results.meterkit!.extra!;
    expect(Object.keys(extra)).toEqual(['collect() ms', 'encode + send ms']);
    // The details are rounded to 0.1 ms; the worst sample is at least the median collect block.
    expect(rows[0].results.meterkit!.max).toBeGreaterThanOrEqual((extra['collect() ms'] as number) - 0.05);
  }, 120_000);

  it('assembles a report with targets and renders it as Markdown', async () => {
    const report: BenchReport = await runBench({ ...tiny, filters: ['counter.same-object'] }, 'pnpm bench --quick', [
      ['hot-path', runHotPath],
    ]);
    expect(report.environment.cores).toBeGreaterThan(0);
    expect(report.environment.node).toBe(process.version);
    const targets = evaluateTargets(report.rows);
    const same = targets.find((t) => t.id === 'counter-same-vs-otel')!;
    expect(Number.isFinite(same.value)).toBe(true);
    expect(typeof same.pass).toBe('boolean');
    expect(targets.find((t) => t.id === 'collect-100k-vs-otel')!.pass).toBeNull();
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('Counter.add, same attributes object reused');
    expect(markdown).toContain('pnpm bench --quick');
    expect(markdown).toMatch(/PASS|FAIL/);
  });

  it('times a cold require per library in child processes, for the core and every exporter', async () => {
    // Every case names a meterkit package beside at least one peer, and all of them resolve.
    for (const c of STARTUP_CASES) {
      expect(c.modules.meterkit).toMatch(/^@meterkit\//);
      expect(Object.keys(c.modules).length).toBeGreaterThanOrEqual(2);
      for (const name of Object.values(c.modules)) expect(() => require.resolve(name!)).not.toThrow();
    }
    const rows = await runStartup({ ...tiny, samples: 1, filters: ['startup.require.sdk'] });
    expect(rows.map((r) => r.id)).toEqual(['startup.require.sdk']);
    expect(rows[0].unit).toBe('ms');
    expectFinitePositive(rows[0], ['meterkit', 'otel', 'prom']);
  });
});
