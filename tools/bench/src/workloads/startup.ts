// Cold `require` time: how long loading a package takes in a fresh node process (empty module
// cache, as at an app's start), meterkit's core and each exporter beside the official package
// for the same job and prom-client. Every sample is its own child process; samples alternate
// between the libraries of a row, like every other section, so machine drift spreads evenly.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { summarize } from '../stats';

interface StartupCase {
  id: string;
  title: string;
  modules: Partial<Record<ImplId, string>>;
}

export const STARTUP_CASES: StartupCase[] = [
  {
    id: 'startup.require.sdk',
    title: 'cold require of the SDK (meterkit core / official sdk-metrics / prom-client)',
    modules: { meterkit: '@meterkit/sdk-metrics-core', otel: '@opentelemetry/sdk-metrics', prom: 'prom-client' },
  },
  {
    id: 'startup.require.console',
    title: 'cold require of the console exporter (the official one is part of sdk-metrics)',
    modules: { meterkit: '@meterkit/exporter-console', otel: '@opentelemetry/sdk-metrics' },
  },
  {
    id: 'startup.require.otlp-http',
    // Both send protobuf over HTTP: meterkit's default, the official -proto package.
    title: 'cold require of the OTLP/HTTP (protobuf) exporter',
    modules: { meterkit: '@meterkit/exporter-otlp-http', otel: '@opentelemetry/exporter-metrics-otlp-proto' },
  },
  {
    id: 'startup.require.otlp-grpc',
    title: 'cold require of the OTLP/gRPC exporter',
    modules: { meterkit: '@meterkit/exporter-otlp-grpc', otel: '@opentelemetry/exporter-metrics-otlp-grpc' },
  },
  {
    id: 'startup.require.prometheus',
    title: 'cold require of the Prometheus endpoint (reader / official exporter / prom-client)',
    modules: { meterkit: '@meterkit/reader-prometheus', otel: '@opentelemetry/exporter-prometheus', prom: 'prom-client' },
  },
];

/** This package's folder (dist/cli.js when built, src/workloads under ts-jest), where its dependencies resolve. */
function benchPackageDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Milliseconds the `require` of `moduleName` takes in a new node process started in this package. */
export function coldRequireMillis(moduleName: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(moduleName)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: benchPackageDir(), encoding: 'utf8' });
  const millis = Number(out.trim());
  if (!Number.isFinite(millis)) throw new Error(`cold require of ${moduleName} printed ${JSON.stringify(out)}`);
  return millis;
}

export async function runStartup(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of STARTUP_CASES) {
    if (!selected(options, c.id, c.title)) continue;
    options.log(`startup: ${c.id}`);
    const impls = (Object.keys(c.modules) as ImplId[]).filter((impl) => implSelected(options, impl));
    const samples = new Map<ImplId, number[]>(impls.map((impl) => [impl, []]));
    for (let round = 0; round < options.samples; round++) {
      // Rotate the order each round, as the hot-path rows do.
      for (let k = 0; k < impls.length; k++) {
        const impl = impls[(k + round) % impls.length];
        samples.get(impl)!.push(coldRequireMillis(c.modules[impl]!));
      }
    }
    const row: Row = { id: c.id, section: 'startup', title: c.title, unit: 'ms', results: {} };
    for (const impl of impls) row.results[impl] = { ...summarize(samples.get(impl)!), extra: { module: c.modules[impl]! } };
    rows.push(row);
  }
  return rows;
}
