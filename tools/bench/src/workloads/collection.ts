// Collection rows: time of `reader.collect()` on N populated series, cumulative and delta.
// Between collections every series gets one new measurement (untimed), as in an
// application where traffic touches its series between two exports; delta collections
// therefore report all N series each time, and cumulative ones merge fresh deltas.
import { selected, implSelected, type BenchOptions } from '../options';
import type { ImplId, ImplResult, Row } from '../results';
import { summarize } from '../stats';
import { forceGc } from '../gc';
import { routes } from './attributes';
import { createSdk, pointCount, populate, type OtelImpl, type Population, type SeriesKind } from './series-population';

export interface TimedCollection {
  impl: OtelImpl;
  population: Population;
  /** The measured work after the untimed re-recording; returns extra figures of the last run. */
  measure(population: Population): Promise<Record<string, number>>;
}

/** Collections per sample, so that small collections are not dominated by timer resolution. */
export function repetitions(seriesCount: number): number {
  return Math.max(1, Math.floor(20_000 / seriesCount));
}

/**
 * Alternates the cases sample by sample (rotating the order), re-recording every series
 * before each timed run. Returns ms per run.
 */
export async function timeCollections(cases: TimedCollection[], seriesCount: number, samples: number): Promise<ImplResult[]> {
  const reps = repetitions(seriesCount);
  const times: number[][] = cases.map(() => []);
  const extras: Array<Record<string, number>> = cases.map(() => ({}));
  let round = 1;
  // Warm-up: two untimed runs each.
  for (const c of cases) {
    for (let w = 0; w < 2; w++) {
      c.population.recordAll(round++);
      await c.measure(c.population);
    }
  }
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + s) % cases.length;
      const c = cases[index];
      let ns = 0;
      for (let r = 0; r < reps; r++) {
        c.population.recordAll(round++);
        const start = process.hrtime.bigint();
        extras[index] = await c.measure(c.population);
        ns += Number(process.hrtime.bigint() - start);
      }
      times[index].push(ns / reps / 1e6);
    }
  }
  return cases.map((_, i) => ({ ...summarize(times[i]), extra: extras[i] }));
}

export async function runCollection(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    for (const temporality of ['cumulative', 'delta'] as const) {
      for (const count of options.seriesCounts) {
        const id = `collect.${kind}.${temporality}.${count}`;
        const title = `collect ${count.toLocaleString('en-US')} ${kind} series, ${temporality}`;
        if (!selected(options, id, title)) continue;
        options.log(`collection: ${id}`);
        const names = routes(count);
        const impls = (['meterkit', 'otel'] as OtelImpl[]).filter((i) => implSelected(options, i));
        const cases: TimedCollection[] = impls.map((impl) => ({
          impl,
          population: populate(createSdk(impl, temporality, count), kind, names),
          measure: async (p) => ({ points: pointCount(await p.sdk.collect()) }),
        }));
        const results = await timeCollections(cases, count, options.collectSamples);
        const row: Row = { id, section: 'collection', title, unit: 'ms', results: {} };
        cases.forEach((c, i) => (row.results[c.impl as ImplId] = results[i]));
        rows.push(row);
        for (const c of cases) await c.population.sdk.shutdown();
        forceGc();
      }
    }
  }
  return rows;
}
