// Renders a BenchReport as Markdown (docs/benchmarks.md and the console) and as JSON.
import { IMPL_LABELS, ratio, type BenchReport, type ImplId, type Row, type Section, type TargetResult } from './results';
import { renderRowGuide } from './row-guide';
import { verdictsByRow } from './targets';

const SECTION_TITLES: Record<Section, string> = {
  'hot-path': 'Recording (hot path), ns per operation',
  collection: 'Collection, ms per collection',
  export: 'Collection + serialization / export, ms per collection',
  memory: 'Retained memory, bytes per series (per instrument where the row says so)',
  allocation: 'Allocation on the hot path, bytes per operation',
  startup: 'Start-up: cold `require` in a fresh process, ms',
  cluster: 'Multi-process (@meterkit/cluster vs prom-client AggregatorRegistry), ms per collection',
};

const MAIN: ImplId[] = ['meterkit', 'otel', 'prom'];

export function formatNumber(value: number | undefined, unit: Row['unit']): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (unit === 'bytes/series' || unit === 'bytes/instrument') return Math.round(value).toLocaleString('en-US');
  if (unit === 'bytes/op') return value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US');
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatRatio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value >= 10 ? `${value.toFixed(0)}x` : `${value.toFixed(1)}x`;
}

function verdict(t: TargetResult): string {
  const v = Number.isFinite(t.value) ? (t.value >= 10 ? t.value.toFixed(0) : t.value.toFixed(2)) : '–';
  const mark = t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL';
  return `${mark} (${v} vs ${t.threshold})`;
}

function extraCell(row: Row): string {
  const parts: string[] = [];
  for (const [impl, result] of Object.entries(row.results) as Array<[ImplId, NonNullable<Row['results'][ImplId]>]>) {
    if (!MAIN.includes(impl)) parts.push(`${IMPL_LABELS[impl]}: ${formatNumber(result.median, row.unit)}`);
  }
  for (const impl of MAIN) {
    const extra = row.results[impl]?.extra;
    if (extra === undefined || Object.keys(extra).length === 0) continue;
    const text = Object.entries(extra)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
      .join(', ');
    parts.push(`${IMPL_LABELS[impl]}: ${text}`);
  }
  return parts.join('; ');
}

export function renderRowsTable(rows: readonly Row[], targets: readonly TargetResult[]): string {
  const verdicts = verdictsByRow(targets);
  const out: string[] = [];
  const sections = [...new Set(rows.map((r) => r.section))];
  for (const section of sections) {
    out.push(`### ${SECTION_TITLES[section]}`, '');
    out.push('| workload | meterkit | official SDK | prom-client | official ÷ meterkit | prom-client ÷ meterkit | other / details | target |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const row of rows.filter((r) => r.section === section)) {
      const cells = [
        row.title,
        formatNumber(row.results.meterkit?.median, row.unit),
        formatNumber(row.results.otel?.median, row.unit),
        formatNumber(row.results.prom?.median, row.unit),
        formatRatio(ratio(row, 'otel')),
        formatRatio(ratio(row, 'prom')),
        extraCell(row),
        (verdicts.get(row.id) ?? []).map(verdict).join('<br>'),
      ];
      out.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    }
    const notes = rows.filter((r) => r.section === section && r.note !== undefined);
    if (notes.length > 0) {
      out.push('');
      const seen = new Set<string>();
      for (const row of notes) {
        if (seen.has(row.note!)) continue; // one note per text: rows of one family share it
        seen.add(row.note!);
        const others = notes.filter((r) => r.note === row.note && r !== row).map((r) => `\`${r.id}\``);
        out.push(`- *${row.title}*${others.length > 0 ? ` (also ${others.join(', ')})` : ''}: ${row.note}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

export function renderTargets(targets: readonly TargetResult[]): string {
  const out = ['| target | measured | verdict |', '| --- | ---: | --- |'];
  for (const t of targets) {
    const v = Number.isFinite(t.value) ? (t.value >= 10 ? t.value.toFixed(1) : t.value.toFixed(2)) : '–';
    out.push(`| ${t.description} | ${v} (need ${t.threshold}) | ${t.pass === null ? 'n/a (not run)' : t.pass ? 'PASS' : 'FAIL'} |`);
  }
  return out.join('\n');
}

export function renderEnvironment(report: BenchReport): string {
  const e = report.environment;
  return [
    `- Machine: ${e.cpu}, ${e.cores} cores, ${e.memoryGiB} GiB RAM, ${e.platform}`,
    `- Node ${e.node} (V8 ${e.v8}), forced GC ${e.gcExposed ? 'available' : 'NOT available (memory rows unreliable)'}`,
    `- Date: ${e.date}, commit ${e.commit}`,
    `- Command: \`${report.command}\` (${report.options.quick ? 'quick' : 'full'} run, ${report.options.samples} samples of ~${report.options.sampleMs} ms per hot-path case, ${report.options.collectSamples} per collection case${report.options.isolated ? ', collection and export rows also in isolated processes' : ''}; ${report.durationSeconds.toFixed(0)} s)`,
    report.options.filters.length > 0 ? `- Filter: ${report.options.filters.join(', ')}` : '',
    report.rerenderedAt !== undefined
      ? `- Re-rendered without measuring on ${report.rerenderedAt} (\`cli.js --render\`): the tables are the run above; rows, notes and lower bounds changed since then appear with the next full run, while the targets were re-evaluated on the stored medians`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  return [
    '# Benchmarks',
    '',
    'meterkit, `@opentelemetry/sdk-metrics` 2.12.1 and `prom-client` 15 on the same workloads, in one',
    'Node process, samples alternating between implementations; each figure is the median of the',
    'samples. Ratios are *peer ÷ meterkit*: above 1 means meterkit is faster (or smaller). How the',
    'rows are built and how to read them: [`tools/bench/README.md`](../tools/bench/README.md).',
    'Generated by `tools/bench`; do not edit by hand.',
    '',
    renderEnvironment(report),
    '',
    '## Targets',
    '',
    renderTargets(report.targets),
    '',
    '## Results',
    '',
    renderRowsTable(report.rows, report.targets),
    '',
    renderRowGuide(),
  ].join('\n');
}
