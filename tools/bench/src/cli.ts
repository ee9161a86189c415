// `pnpm bench` entry point: node --expose-gc dist/cli.js [--quick] [--filter <substring>]... [--no-isolated]
// A full unfiltered run writes tools/bench/results/latest.json and docs/benchmarks.md; quick
// or filtered runs only print (and write results/partial.json, which is not committed).
import fs from 'node:fs';
import path from 'node:path';
import { defaultOptions } from './options';
import { renderEnvironment, renderMarkdown, renderRowsTable, renderTargets } from './report';
import type { BenchReport, ImplId } from './results';
import { runBench } from './run';
import { evaluateTargets } from './targets';
import type { IsolatedSpec } from './isolated';
import { runIsolatedChild } from './isolated-child';
import { memoryChild, type MemoryKind } from './workloads/memory';

interface CliArgs {
  quick: boolean;
  filters: string[];
  impls: string[];
  write: boolean | undefined;
  isolated: boolean | undefined;
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { quick: false, filters: [], impls: [], write: undefined, isolated: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') out.quick = true;
    else if (arg === '--filter') {
      const value = argv[++i];
      if (value === undefined) throw new Error('--filter needs a substring, e.g. --filter counter');
      out.filters.push(value);
    } else if (arg.startsWith('--filter=')) out.filters.push(arg.slice('--filter='.length));
    else if (arg === '--impl') {
      const value = argv[++i];
      if (value === undefined) throw new Error('--impl needs one of meterkit, otel, prom, js');
      out.impls.push(value);
    } else if (arg === '--write') out.write = true;
    else if (arg === '--no-write') out.write = false;
    else if (arg === '--isolated') out.isolated = true;
    else if (arg === '--no-isolated') out.isolated = false;
    else if (arg === '--') continue;
    else throw new Error(`unknown argument ${arg}; expected --quick, --filter <substring>, --impl <meterkit|otel|prom|js>, --write, --no-write, --isolated, --no-isolated`);
  }
  return out;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--memory-child') {
    const [impl, kind, count] = process.argv.slice(3);
    return memoryChild(impl as ImplId, kind as MemoryKind, Number(count));
  }
  if (process.argv[2] === '--isolated-child') {
    // One case of one collection/export row, alone in this process (src/isolated.ts).
    const result = await runIsolatedChild(JSON.parse(process.argv[3]) as IsolatedSpec);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (process.argv[2] === '--render') {
    // Re-renders docs/benchmarks.md from results/latest.json (after a change of the template or
    // of the row guide), without measuring anything.
    const packageDir = path.resolve(__dirname, '..');
    // Targets are re-evaluated on the stored medians: thresholds live in code (src/targets.ts).
    const report = JSON.parse(fs.readFileSync(path.join(packageDir, 'results', 'latest.json'), 'utf8')) as BenchReport;
    report.targets = evaluateTargets(report.rows);
    report.rerenderedAt = new Date().toISOString();
    fs.writeFileSync(path.resolve(packageDir, '../../docs/benchmarks.md'), `${renderMarkdown(report)}\n`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const options = defaultOptions({
    quick: args.quick,
    filters: args.filters,
    impls: args.impls,
    ...(args.isolated !== undefined ? { isolated: args.isolated } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const command = ['pnpm bench', ...process.argv.slice(2)].join(' ');
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    process.stderr.write('warning: run node with --expose-gc (pnpm bench does) or memory figures are meaningless\n');
  }
  const report = await runBench(options, command);
  process.stdout.write(`\n${renderEnvironment(report)}\n\n${renderRowsTable(report.rows, report.targets)}\n${renderTargets(report.targets)}\n`);

  const packageDir = path.resolve(__dirname, '..');
  const full = !args.quick && args.filters.length === 0 && args.impls.length === 0;
  const write = args.write ?? full;
  const resultsDir = path.join(packageDir, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (write) {
    fs.writeFileSync(path.join(resultsDir, 'latest.json'), json);
    const docs = path.resolve(packageDir, '../../docs/benchmarks.md');
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.writeFileSync(docs, `${renderMarkdown(report)}\n`);
    process.stderr.write(`wrote ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))} and ${path.relative(process.cwd(), docs)}\n`);
  } else {
    fs.writeFileSync(path.join(resultsDir, 'partial.json'), json);
    process.stderr.write('quick or filtered run: wrote results/partial.json only (pass --write to overwrite latest.json and docs)\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
