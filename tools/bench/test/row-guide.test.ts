// docs/benchmarks.md must explain every row it shows: each row id the bench produces matches
// one entry of the row guide (src/row-guide.ts), and no entry explains rows that no longer exist.
import fs from 'node:fs';
import path from 'node:path';
import { hotPathRows } from '../src/workloads/hot-path';
import { exemplarRows } from '../src/workloads/exemplars';
import { guideFor, renderRowGuide, ROW_GUIDE } from '../src/row-guide';
import { isolatedRowId } from '../src/isolated';
import type { BenchReport } from '../src/results';

/** Row ids of a full run: the hot-path specs, the committed results, and rows added since. */
function knownRowIds(): string[] {
  const latest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'results', 'latest.json'), 'utf8')) as BenchReport;
  const ids = new Set([...hotPathRows().map((r) => r.id), ...exemplarRows().map((r) => r.id), ...latest.rows.map((r) => r.id)]);
  for (const kind of ['counter', 'histogram']) {
    for (const n of [1000, 10000, 100000]) {
      for (const temporality of ['cumulative', 'delta']) ids.add(isolatedRowId(`collect.${kind}.${temporality}.${n}`));
      if (n >= 10000) ids.add(isolatedRowId(`serialize.protobuf.${kind}.${n}`));
    }
    ids.add(isolatedRowId(`export.otlp-http.${kind}.10000`));
  }
  // Rows added since the committed results (the next full run writes them there).
  ids.add('memory.instrument').add('memory.observable-instrument');
  ids.add('collect.counter.delta-first-records.10000').add(isolatedRowId('collect.counter.delta-first-records.10000'));
  for (const row of ['observable-gauge.cumulative', 'observable-counter.delta']) {
    for (const n of [1000, 10000]) ids.add(`collect.${row}.${n}`).add(isolatedRowId(`collect.${row}.${n}`));
  }
  return [...ids];
}

test('every row of the bench has exactly one guide entry', () => {
  for (const id of knownRowIds()) {
    const entries = ROW_GUIDE.filter((e) => e.pattern.test(id));
    expect({ id, entries: entries.length }).toEqual({ id, entries: 1 });
  }
});

test('every guide entry explains at least one existing row, with what it measures and its bound', () => {
  const ids = knownRowIds();
  for (const entry of ROW_GUIDE) {
    expect({ entry: entry.ids, rows: ids.some((id) => entry.pattern.test(id)) }).toEqual({ entry: entry.ids, rows: true });
    expect(entry.what.length).toBeGreaterThan(20);
    expect(entry.bound.length).toBeGreaterThan(3);
  }
});

test('the rendered guide names the new histogram rows and the isolated rows, and unknown ids have no entry', () => {
  const text = renderRowGuide();
  expect(text).toContain('`many.histogram.10000-sets`');
  expect(text).toContain('`many.histogram.exponential.10000-sets`');
  expect(text).toContain('.isolated');
  expect(guideFor('collect.counter.cumulative.100000.isolated')).toBeDefined();
  expect(guideFor('collect.runtime-metrics.isolated')).toBeUndefined();
  expect(guideFor('no.such.row')).toBeUndefined();
});
