// The bench's own logic where it can be wrong without any timing being off: the statistics,
// the target verdicts, the merging of isolated-process results, the GC pause accounting and
// the row selection. Pure functions on made-up figures; no timing is asserted.
import { caseSelected, defaultOptions, selected } from '../src/options';
import { evaluateTargets, MANY_SERIES_TARGETS, TARGETS } from '../src/targets';
import { isolatedCasesOf, isolatedRowId, mergeIsolated } from '../src/isolated';
import { pauseWithin } from '../src/gc';
import { median, round, summarize } from '../src/stats';
import type { ImplResult, Row } from '../src/results';

const result = (median: number, extra?: ImplResult['extra']): ImplResult => ({ median, min: median, max: median, samples: [median], ...(extra ? { extra } : {}) });

function hotRow(id: string, results: Row['results']): Row {
  return { id, section: 'hot-path', title: id, unit: 'ns/op', results };
}

describe('stats', () => {
  it('takes the middle sample, or the mean of the two middle ones, without reordering the input', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(median(samples)).toBe(3);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('summarizes min, max and rounded samples, the median from the unrounded ones', () => {
    const s = summarize([1.23456, 9.87654, 5.55555]);
    expect(s.median).toBe(5.55555);
    expect(s.min).toBe(1.23456);
    expect(s.max).toBe(9.87654);
    expect(s.samples).toEqual([1.235, 9.877, 5.556]);
  });

  it('rounds to the given decimals and leaves non-finite values alone', () => {
    expect(round(1.005, 1)).toBe(1);
    expect(round(2.345)).toBe(2.35);
    expect(round(Infinity)).toBe(Infinity);
    expect(round(NaN)).toBeNaN();
  });
});

describe('targets', () => {
  const byId = (rows: Row[]) => new Map(evaluateTargets(rows).map((t) => [t.id, t]));

  it('is n/a (never a pass) when a row or a column is missing', () => {
    const verdicts = byId([hotRow('many.histogram.1000-sets', { meterkit: result(100) })]);
    expect(verdicts.get('many.histogram.1000-sets-vs-bound')!.pass).toBeNull();
    expect(verdicts.get('many.histogram.1000-sets-vs-otel')!.pass).toBeNull();
    expect(verdicts.get('counter-same-vs-otel')!.pass).toBeNull();
    expect(Number.isNaN(verdicts.get('counter-same-vs-otel')!.value)).toBe(true);
  });

  it('computes peer ÷ meterkit for ">= x faster" and meterkit ÷ reference for "within x", inclusive at the threshold', () => {
    const verdicts = byId([
      hotRow('many.histogram.1000-sets', { meterkit: result(60), 'lower-bound': result(20), otel: result(600), prom: result(179.9) }),
    ]);
    const bound = verdicts.get('many.histogram.1000-sets-vs-bound')!;
    expect(bound.value).toBe(3);
    expect(bound.threshold).toBe('<= 3');
    expect(bound.pass).toBe(true);
    expect(verdicts.get('many.histogram.1000-sets-vs-otel')!).toMatchObject({ value: 10, pass: true });
    const prom = verdicts.get('many.histogram.1000-sets-vs-prom')!;
    expect(prom.value).toBeCloseTo(2.998, 3);
    expect(prom.pass).toBe(false);
  });

  it('fails a "within x of the bound" target just above x', () => {
    const verdicts = byId([hotRow('many.histogram.exponential.10000-sets', { meterkit: result(80.1), 'lower-bound': result(20) })]);
    expect(verdicts.get('many.histogram.exponential.10000-sets-vs-bound')!).toMatchObject({ threshold: '<= 4', pass: false });
  });

  it('targets every many-series histogram row on its bound and the official SDK, and prom-client only where it has a case', () => {
    const ids = new Set(TARGETS.map((t) => t.id));
    for (const row of ['many.histogram.1000-sets', 'many.histogram.10000-sets', 'many.histogram.exponential.1000-sets', 'many.histogram.exponential.10000-sets']) {
      expect(ids.has(`${row}-vs-bound`)).toBe(true);
      expect(ids.has(`${row}-vs-otel`)).toBe(true);
      expect(ids.has(`${row}-vs-prom`)).toBe(!row.includes('exponential'));
    }
    expect(MANY_SERIES_TARGETS.filter((t) => t.row.startsWith('many.histogram.')).map((t) => t.bound)).toEqual([3, 4, 4, 4]);
    expect(new Set(TARGETS.map((t) => t.id)).size).toBe(TARGETS.length); // ids are unique
  });

  it('uses the worst sample, not the median, for the event-loop block limit', () => {
    const row: Row = { id: 'export.event-loop-block.100000', section: 'export', title: '', unit: 'ms', results: { meterkit: { median: 10, min: 5, max: 60, samples: [5, 10, 60] } } };
    expect(byId([row]).get('event-loop-block')!).toMatchObject({ value: 60, pass: false });
  });
});

describe('isolated-process results', () => {
  const alternating: Row = {
    id: 'serialize.protobuf.counter.10000',
    section: 'export',
    title: 'collect + OTLP protobuf serialization',
    unit: 'ms',
    results: {
      meterkit: result(4, { bytes: 849_075, points: 10_000 }),
      'lower-bound': result(5, { bytes: 849_075, points: 10_000 }),
      otel: result(20, { bytes: 849_077, points: 10_000 }),
    },
  };

  it('becomes a row of its own next to the alternating one, every case kept with its own figures', () => {
    const merged = mergeIsolated(alternating, {
      meterkit: result(3.5, { bytes: 849_084, points: 10_000 }),
      'lower-bound': result(4.5, { bytes: 849_084, points: 10_000 }),
      otel: result(18, { bytes: 849_086, points: 10_000 }),
    });
    expect(merged.id).toBe(isolatedRowId(alternating.id));
    expect(merged.id).toBe('serialize.protobuf.counter.10000.isolated');
    expect(merged.section).toBe('export');
    expect(merged.unit).toBe('ms');
    expect(merged.title).toContain('own process');
    expect(merged.results.meterkit!.median).toBe(3.5);
    expect(merged.results.otel!.median).toBe(18);
    expect(Object.keys(merged.results).sort()).toEqual(['lower-bound', 'meterkit', 'otel']);
    expect(alternating.results.meterkit!.median).toBe(4); // the alternating row is not touched
  });

  it('isolates the main columns and the lower bound, not the detail variants (the JSON exporters)', () => {
    const otlp: Row = {
      id: 'export.otlp-http.counter.10000',
      section: 'export',
      title: 'collect + OTLP/HTTP export',
      unit: 'ms',
      results: { meterkit: result(140, { bytes: 849_075, points: 10_000 }), 'meterkit-json': result(200), otel: result(150, { bytes: 849_077, points: 10_000 }), 'otel-json': result(190) },
    };
    expect(isolatedCasesOf(otlp)).toEqual(['meterkit', 'otel']);
    const merged = mergeIsolated(otlp, { meterkit: result(130, { bytes: 849_080, points: 10_000 }), otel: result(145, { bytes: 849_082, points: 10_000 }) });
    expect(Object.keys(merged.results)).toEqual(['meterkit', 'otel']);
    expect(() => mergeIsolated(otlp, { meterkit: result(1, { bytes: 849_075, points: 10_000 }), otel: result(1, { bytes: 849_077, points: 10_000 }), 'otel-json': result(1) })).toThrow(/unexpected cases otel-json/);
  });

  it('refuses a missing case, an unexpected case, or a child that did different work', () => {
    const full = {
      meterkit: result(3.5, { bytes: 849_075, points: 10_000 }),
      'lower-bound': result(4.5, { bytes: 849_075, points: 10_000 }),
      otel: result(18, { bytes: 849_077, points: 10_000 }),
    };
    expect(() => mergeIsolated(alternating, { meterkit: full.meterkit, otel: full.otel })).toThrow(/no result for lower-bound/);
    expect(() => mergeIsolated(alternating, { ...full, prom: result(1) })).toThrow(/unexpected cases prom/);
    expect(() => mergeIsolated(alternating, { ...full, otel: result(18, { bytes: 849_077, points: 9_999 }) })).toThrow(/otel points 9999/);
    // Bytes may differ by the resource's few bytes (process.pid), not by a series' worth.
    expect(() => mergeIsolated(alternating, { ...full, meterkit: result(3.5, { bytes: 849_075 + 500, points: 10_000 }) })).not.toThrow();
    expect(() => mergeIsolated(alternating, { ...full, meterkit: result(3.5, { bytes: 849_075 + 1_000, points: 10_000 }) })).toThrow(/meterkit bytes/);
    expect(() => mergeIsolated(alternating, { ...full, meterkit: result(3.5, { points: 10_000 }) })).toThrow(/meterkit bytes undefined/);
  });
});

describe('GC pauses inside a timing', () => {
  const pauses = [
    { start: 0, end: 2 },
    { start: 10, end: 13 },
    { start: 20, end: 21 },
  ];

  it('counts the overlapping part of every pause', () => {
    expect(pauseWithin(pauses, 0, 30)).toBe(6);
    expect(pauseWithin(pauses, 11, 20.5)).toBe(2.5); // 11..13 and 20..20.5
    expect(pauseWithin(pauses, 3, 9)).toBe(0);
    expect(pauseWithin(pauses, 13, 20)).toBe(0); // touching edges overlap by nothing
    expect(pauseWithin([], 0, 100)).toBe(0);
  });
});

describe('row and case selection', () => {
  it('selects by substring of id or title, and by exact id when options.only is set', () => {
    const filtered = defaultOptions({ filters: ['collect.counter.cumulative.1000'] });
    expect(selected(filtered, 'collect.counter.cumulative.1000')).toBe(true);
    expect(selected(filtered, 'collect.counter.cumulative.10000')).toBe(true); // a substring filter
    const exact = defaultOptions({ only: ['collect.counter.cumulative.1000'] });
    expect(selected(exact, 'collect.counter.cumulative.1000')).toBe(true);
    expect(selected(exact, 'collect.counter.cumulative.10000')).toBe(false);
    expect(selected(defaultOptions(), 'anything')).toBe(true);
  });

  it('selects cases by implementation and, in an isolated child, by exact case id', () => {
    const all = defaultOptions();
    expect(caseSelected(all, 'lower-bound', 'meterkit')).toBe(true);
    const meterkitOnly = defaultOptions({ impls: ['meterkit'] });
    expect(caseSelected(meterkitOnly, 'meterkit-json')).toBe(true);
    expect(caseSelected(meterkitOnly, 'lower-bound', 'meterkit')).toBe(true);
    expect(caseSelected(meterkitOnly, 'otel')).toBe(false);
    const child = defaultOptions({ cases: ['meterkit'] });
    expect(caseSelected(child, 'meterkit')).toBe(true);
    expect(caseSelected(child, 'meterkit-json')).toBe(false);
    expect(caseSelected(child, 'lower-bound', 'meterkit')).toBe(false);
  });

  it('runs the isolated rows in full runs only unless asked', () => {
    expect(defaultOptions().isolated).toBe(true);
    expect(defaultOptions({ quick: true }).isolated).toBe(false);
    expect(defaultOptions({ quick: true, isolated: true }).isolated).toBe(true);
  });
});
