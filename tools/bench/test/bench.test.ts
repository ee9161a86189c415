// Smoke test of the harness: a few workloads in quick mode through the same functions the
// CLI uses; checks the shape of the output, never the timings.
import { defaultOptions, evaluateTargets, renderMarkdown, runBench, runHotPath, type BenchReport, type Row } from '../src';
import { runAllocation } from '../src/workloads/allocation';
import { runCollection } from '../src/workloads/collection';
import { runStartup, STARTUP_CASES } from '../src/workloads/startup';

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
    const rows = await runHotPath({ ...tiny, filters: ['many.counter.8-attributes', 'many.counter.array-value', 'many.histogram.exponential'] });
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
    expect(rows[0].results.meterkit!.extra).toEqual({ points: 1000 });
    expect(rows[0].results.otel!.extra).toEqual({ points: 1000 });
  });

  it('reports bytes per operation for the allocation row', async () => {
    const rows = await runAllocation({ ...tiny, filters: ['allocation.counter.same-object'], impls: ['meterkit'] });
    expect(rows).toHaveLength(1);
    const figure = rows[0].results.meterkit!;
    expect(Number.isFinite(figure.median)).toBe(true);
    expect(figure.median).toBeGreaterThanOrEqual(0);
    expect(figure.extra).toHaveProperty('scavenges');
  });

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
