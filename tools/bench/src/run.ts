// Runs the selected sections and assembles the report.
import { describeEnvironment } from './environment';
import type { BenchOptions } from './options';
import type { BenchReport, Row } from './results';
import { evaluateTargets } from './targets';
import { runAllocation } from './workloads/allocation';
import { runCluster } from './workloads/cluster-merge';
import { runCollection } from './workloads/collection';
import { runExport } from './workloads/export';
import { runHotPath } from './workloads/hot-path';
import { runMemory } from './workloads/memory';
import { runRuntimeMetrics } from './workloads/runtime-metrics';
import { runStartup } from './workloads/startup';

export type SectionRunner = (options: BenchOptions) => Promise<Row[]>;

export const SECTIONS: Array<[string, SectionRunner]> = [
  ['hot-path', runHotPath],
  ['allocation', runAllocation],
  ['collection', runCollection],
  ['runtime-metrics', runRuntimeMetrics],
  ['export', runExport],
  ['memory', runMemory],
  ['startup', runStartup],
  ['cluster', runCluster],
];

export async function runBench(options: BenchOptions, command: string, sections = SECTIONS): Promise<BenchReport> {
  const started = Date.now();
  const environment = describeEnvironment();
  const rows: Row[] = [];
  for (const [name, run] of sections) {
    options.log(`== ${name}`);
    rows.push(...(await run(options)));
  }
  return {
    command,
    environment,
    options: {
      quick: options.quick,
      filters: options.filters,
      samples: options.samples,
      sampleMs: options.sampleMs,
      collectSamples: options.collectSamples,
      isolated: options.isolated,
    },
    rows,
    targets: evaluateTargets(rows),
    durationSeconds: (Date.now() - started) / 1000,
  };
}
