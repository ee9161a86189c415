// The longest event-loop block while N counter series are collected and exported over OTLP/HTTP:
// a chain of setImmediate callbacks runs beside collect + export and records the longest gap
// between two of them (from the moment the export starts, so a block right at the start counts
// too; perf_hooks.monitorEventLoopDelay ignores everything before its first timer tick). The
// receiver runs in a child process and only drains the body, so its work is never counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { OTLPMetricExporter as OtelOtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as MkOtlpHttpExporter } from '@meterkit/exporter-otlp-http';
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { summarize } from '../stats';
import { forceGc } from '../gc';
import { routes } from './attributes';
import { createSdk, populate, type OtelImpl, type Population } from './series-population';

const RECEIVER = `
const http = require('http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'Content-Type': req.headers['content-type'] || 'application/x-protobuf' }).end());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function startReceiver(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}/v1/metrics`, child }));
  });
}

interface Exporter {
  export(metrics: ResourceMetrics, done: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
}

interface BlockCase {
  id: ImplId;
  population: Population;
  exporter: Exporter;
}

/** Longest block over collect + export, and the longest inside collect() and inside the export. */
async function longestBlock(c: BlockCase): Promise<{ total: number; collect: number; exporting: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const turn = (): void => {
    const now = performance.now();
    if (now - last > longest) longest = now - last;
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  const { resourceMetrics } = await c.population.sdk.collect();
  // The turn after collect() ends its last block: count it as collect's.
  await new Promise((resolve) => setImmediate(resolve));
  const collect = longest;
  longest = 0;
  await new Promise<void>((resolve, reject) =>
    c.exporter.export(resourceMetrics, (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error(`export failed: ${r.code}`)))),
  );
  // One more turn, so that a block at the very end is counted too.
  await new Promise((resolve) => setImmediate(resolve));
  running = false;
  turn();
  return { total: Math.max(collect, longest), collect, exporting: longest };
}

export async function eventLoopBlockRows(options: BenchOptions, rows: Row[]): Promise<void> {
  const count = options.quick ? 10_000 : 100_000;
  const id = `export.event-loop-block.${count}`;
  const title = `longest event-loop block during collect + OTLP/HTTP export, ${count.toLocaleString('en-US')} counter series`;
  if (!selected(options, id, title)) return;
  options.log(`export: ${id}`);
  const receiver = await startReceiver();
  const names = routes(count);
  const cases: BlockCase[] = [];
  const add = (caseId: ImplId, impl: OtelImpl, exporter: Exporter) =>
    cases.push({ id: caseId, exporter, population: populate(createSdk(impl, 'cumulative', count), 'counter', names) });
  if (implSelected(options, 'meterkit')) add('meterkit', 'meterkit', new MkOtlpHttpExporter({ url: receiver.url, protocol: 'http/protobuf' }) as never);
  if (implSelected(options, 'otel')) add('otel', 'otel', new OtelOtlpProtoExporter({ url: receiver.url }) as never);
  const samples: number[][] = cases.map(() => []);
  const collectBlocks: number[][] = cases.map(() => []);
  const exportBlocks: number[][] = cases.map(() => []);
  let round = 1;
  try {
    for (const c of cases) {
      c.population.recordAll(round++);
      await longestBlock(c); // warm-up
    }
    for (let s = 0; s < options.collectSamples; s++) {
      for (let k = 0; k < cases.length; k++) {
        const index = (k + s) % cases.length;
        cases[index].population.recordAll(round++);
        forceGc();
        const block = await longestBlock(cases[index]);
        samples[index].push(block.total);
        collectBlocks[index].push(block.collect);
        exportBlocks[index].push(block.exporting);
      }
    }
  } finally {
    for (const c of cases) {
      await c.exporter.shutdown();
      await c.population.sdk.shutdown();
    }
    receiver.child.kill();
  }
  const row: Row = {
    id,
    section: 'export',
    title,
    unit: 'ms',
    results: {},
    note: 'longest gap between two turns of the event loop (a setImmediate chain) during one collect + export; the receiver is a child process that drains the body. meterkit: @meterkit/exporter-otlp-http (protobuf, default options); official: @opentelemetry/exporter-metrics-otlp-proto 0.223 (protobuf over HTTP, like for like). The target applies to the worst sample (max), not the median; details: median of the longest block inside collect() and inside encode + send',
  };
  const ms = (values: number[]) => Math.round(summarize(values).median * 10) / 10;
  cases.forEach((c, i) => {
    row.results[c.id] = { ...summarize(samples[i]), extra: { 'collect() ms': ms(collectBlocks[i]), 'encode + send ms': ms(exportBlocks[i]) } };
  });
  rows.push(row);
  forceGc();
}
