// Cold `require` time of what an app loads to export metrics: meterkit core + its OTLP/HTTP
// exporter, prom-client, the official SDK + its OTLP/HTTP exporter. Both exporters send
// protobuf (meterkit's default; the official one is its -proto package, not the JSON one). Each sample is a fresh node
// process timing its own require calls (process start-up is not counted); samples alternate.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { summarize } from '../stats';

const MODULES: Array<[ImplId, string[]]> = [
  ['meterkit', ['@meterkit/sdk-metrics-core', '@meterkit/exporter-otlp-http']],
  ['prom', ['prom-client']],
  ['otel', ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-metrics-otlp-proto']],
];

function timeRequire(modules: string[]): Promise<number> {
  const script = `const t = process.hrtime.bigint(); for (const m of ${JSON.stringify(modules)}) require(m); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  // tools/bench, where every measured package is a dependency (this file runs from dist/).
  const cwd = path.resolve(__dirname, '..');
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { cwd, timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(Number(stdout)))),
  );
}

export async function requireRows(options: BenchOptions, rows: Row[]): Promise<void> {
  const id = 'require.otlp-http';
  const title = 'cold require: core + OTLP/HTTP exporter (prom-client alone for reference)';
  if (!selected(options, id, title)) return;
  options.log(`export: ${id}`);
  const cases = MODULES.filter(([impl]) => implSelected(options, impl));
  // meterkit's core alone, in the same alternation: the share of the exporter in the figure.
  const coreAlone = cases.some(([impl]) => impl === 'meterkit') ? [['@meterkit/sdk-metrics-core']] : [];
  const lists = [...cases.map(([, modules]) => modules), ...coreAlone];
  const samples: number[][] = lists.map(() => []);
  const n = options.quick ? 3 : 11;
  for (const modules of lists) await timeRequire(modules); // fills the OS file cache
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < lists.length; k++) {
      const index = (k + s) % lists.length;
      samples[index].push(await timeRequire(lists[index]));
    }
  }
  const row: Row = {
    id,
    section: 'export',
    title,
    unit: 'ms',
    results: {},
    note: 'each sample a fresh node process timing its require() calls of the built packages (meterkit details: the core alone, same alternation): meterkit `@meterkit/sdk-metrics-core` + `@meterkit/exporter-otlp-http`; official `@opentelemetry/sdk-metrics` + `@opentelemetry/exporter-metrics-otlp-proto` 0.223 (protobuf over HTTP, like the meterkit default); `prom-client`',
  };
  cases.forEach(([impl], i) => (row.results[impl] = summarize(samples[i])));
  if (coreAlone.length > 0) {
    const core = summarize(samples[lists.length - 1]);
    row.results.meterkit!.extra = { 'core alone ms': Math.round(core.median * 10) / 10 };
  }
  rows.push(row);
}
