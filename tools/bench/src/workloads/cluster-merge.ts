// Cluster rows: what one collection across 8 workers costs, meterkit's @meterkit/cluster
// beside prom-client's AggregatorRegistry, on the same workload (8 workers x N counter
// series, the same series in every worker, as workers of one service have).
// - primary side: from the 8 messages as they arrive on the cluster IPC channel (JSON text)
//   to one merged result: meterkit JSON.parse + decode + merge through a WorkerGroup producer
//   (fake workers answer from prepared text), prom-client JSON.parse + AggregatorRegistry.aggregate.
// - worker side: what each worker does per collection: meterkit collect + encode + JSON text,
//   prom-client getMetricsAsJSON + JSON text. The workers run in parallel; a scrape pays
//   roughly one worker's share plus the primary's.
import { EventEmitter } from 'node:events';
import { AggregatorRegistry } from 'prom-client';
import { encodeState, WorkerGroup, WIRE_VERSION } from '@meterkit/cluster';
import type { MetricProducer } from '@meterkit/sdk-metrics-core';
import { selected, implSelected, type BenchOptions } from '../options';
import type { ImplId, ImplResult, Row } from '../results';
import { summarize } from '../stats';
import { forceGc } from '../gc';
import { createProm, PROM_LABELS } from '../sdks/prom';
import { routes } from './attributes';
import { attributesOf, createSdk, populate, type Population } from './series-population';

const WORKERS = 8;

interface Case {
  impl: ImplId;
  /** Untimed: new measurements between collections. */
  between(round: number): void;
  run(): Promise<unknown>;
}

async function alternate(cases: Case[], samples: number): Promise<ImplResult[]> {
  const times: number[][] = cases.map(() => []);
  let round = 1;
  for (const c of cases) for (let w = 0; w < 2; w++) (c.between(round++), await c.run());
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + s) % cases.length;
      cases[index].between(round++);
      const start = process.hrtime.bigint();
      await cases[index].run();
      times[index].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map((t) => summarize(t));
}

/** A cluster worker as the primary sees it: answers collect requests with prepared IPC text. */
class FakeWorker extends EventEmitter {
  constructor(readonly id: number, public text: string) {
    super();
  }
  send(message: { id: number }): boolean {
    setImmediate(() => {
      const reply = JSON.parse(this.text) as { id: number };
      reply.id = message.id;
      this.emit('message', reply);
    });
    return true;
  }
}

async function meterkitWorkerTexts(names: string[]): Promise<{ texts: string[]; collectOne: () => Promise<string>; recordAll: (r: number) => void }> {
  const populations: Population[] = [];
  for (let w = 0; w < WORKERS; w++) populations.push(populate(createSdk('meterkit', 'cumulative', names.length), 'counter', names));
  const textOf = async (i: number) => {
    const result = await populations[i].sdk.collect();
    return JSON.stringify({ t: 'meterkit.cluster.state', v: WIRE_VERSION, id: 0, state: encodeState(result.resourceMetrics.scopeMetrics, false) });
  };
  const texts = [];
  for (let w = 0; w < WORKERS; w++) texts.push(await textOf(w));
  return { texts, collectOne: () => textOf(0), recordAll: (r) => populations[0].recordAll(r) };
}

function promWorkers(names: string[]) {
  const setups = [];
  for (let w = 0; w < WORKERS; w++) {
    const setup = createProm();
    const counter = setup.counter('x', PROM_LABELS);
    const recordAll = (round: number) => {
      for (let i = 0; i < names.length; i++) counter.inc(attributesOf(i, names) as Record<string, string | number>, 1 + ((i + round) & 7));
    };
    recordAll(0);
    setups.push({ registry: setup.registry, recordAll });
  }
  return setups;
}

export async function runCluster(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const count = options.quick ? 1_000 : 10_000;
  const names = routes(count);
  const mergeId = `cluster.merge.${WORKERS}x${count}`;
  const mergeTitle = `cluster: merge ${WORKERS} workers x ${count.toLocaleString('en-US')} counter series, primary side`;
  const workerId = `cluster.worker.${count}`;
  const workerTitle = `cluster: one worker's answer, ${count.toLocaleString('en-US')} counter series`;
  const wantMerge = selected(options, mergeId, mergeTitle);
  const wantWorker = selected(options, workerId, workerTitle);
  if (!wantMerge && !wantWorker) return rows;
  options.log(`cluster: ${mergeId} / ${workerId}`);
  const mk = await meterkitWorkerTexts(names);
  const prom = promWorkers(names);
  const promTexts = await Promise.all(prom.map(async (p) => JSON.stringify(await p.registry.getMetricsAsJSON())));

  if (wantMerge) {
    const cases: Case[] = [];
    const bytes: Partial<Record<ImplId, number>> = {};
    if (implSelected(options, 'meterkit')) {
      const group = new WorkerGroup({ cardinalityLimit: count + 16, timeoutMillis: 60_000 });
      const producer: MetricProducer = group.createProducer();
      for (let w = 0; w < WORKERS; w++) {
        const fake = new FakeWorker(w + 1, mk.texts[w]);
        group.addWorker(fake as never);
        fake.send({ id: -1 }); // hello
      }
      while (group.readySize < WORKERS) await new Promise((r) => setImmediate(r));
      bytes.meterkit = mk.texts.reduce((s, t) => s + t.length, 0);
      cases.push({ impl: 'meterkit', between: () => {}, run: () => producer.collect() });
    }
    if (implSelected(options, 'prom')) {
      bytes.prom = promTexts.reduce((s, t) => s + t.length, 0);
      cases.push({
        impl: 'prom',
        between: () => {},
        run: async () => AggregatorRegistry.aggregate(promTexts.map((t) => JSON.parse(t) as Parameters<typeof AggregatorRegistry.aggregate>[0][number])).getMetricsAsJSON(),
      });
    }
    const results = await alternate(cases, options.collectSamples);
    const row: Row = { id: mergeId, section: 'cluster', title: mergeTitle, unit: 'ms', results: {} };
    cases.forEach((c, i) => (row.results[c.impl] = { ...results[i], extra: { 'IPC bytes': bytes[c.impl] ?? 0 } }));
    rows.push(row);
    forceGc();
  }

  if (wantWorker) {
    const cases: Case[] = [];
    if (implSelected(options, 'meterkit')) cases.push({ impl: 'meterkit', between: mk.recordAll, run: mk.collectOne });
    if (implSelected(options, 'prom')) {
      cases.push({ impl: 'prom', between: prom[0].recordAll, run: async () => JSON.stringify(await prom[0].registry.getMetricsAsJSON()) });
    }
    const results = await alternate(cases, options.collectSamples);
    const row: Row = { id: workerId, section: 'cluster', title: workerTitle, unit: 'ms', results: {} };
    cases.forEach((c, i) => (row.results[c.impl] = results[i]));
    rows.push(row);
    forceGc();
  }
  return rows;
}
