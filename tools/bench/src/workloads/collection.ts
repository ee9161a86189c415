// Collection rows: time of `reader.collect()` on N populated series, cumulative and delta.
// Between collections every series gets one new measurement (untimed), as in an
// application where traffic touches its series between two exports; delta collections
// therefore report all N series each time, and cumulative ones merge fresh deltas.
import { caseSelected, selected, type BenchOptions } from '../options';
import { measureIsolated } from '../isolated';
import type { ImplId, ImplResult, Row } from '../results';
import { median, summarize } from '../stats';
import { forceGc, GcPauseRecorder, pauseWithin } from '../gc';
import { routes } from './attributes';
import { createSdk, pointCount, populate, populateObservable, type ObservableKind, type OtelImpl, type Population, type SeriesKind } from './series-population';

export interface TimedCollection {
  impl: OtelImpl;
  population: Population;
  /** The measured work after the untimed re-recording; returns extra figures of the last run. */
  measure(population: Population): Promise<Record<string, number>>;
  /** Untimed work after the re-recording, before the timed run (default: none). */
  prepare?(population: Population): Promise<void>;
}

/** Collections per sample, so that small collections are not dominated by timer resolution. */
export function repetitions(seriesCount: number): number {
  return Math.max(1, Math.floor(20_000 / seriesCount));
}

export interface CollectionTiming {
  /**
   * Forced GC (when node runs with --expose-gc) before every timed sample, after its
   * untimed re-recording: garbage made by the previous sample (often another
   * implementation's) or by the re-recording is collected outside every timing, so each
   * sample pays only for the garbage its own collection makes. Default true.
   */
  gcBetweenSamples?: boolean;
}

/**
 * Alternates the cases sample by sample (rotating the order), re-recording every series
 * before each timed run. Returns ms per run; `extra` holds the last run's figures and
 * `GC in timing ms`, the median per run of the GC pauses that fell inside the timed runs.
 */
export async function timeCollections(cases: TimedCollection[], seriesCount: number, samples: number, timing: CollectionTiming = {}): Promise<ImplResult[]> {
  const gcBetween = timing.gcBetweenSamples ?? true;
  const reps = repetitions(seriesCount);
  const times: number[][] = cases.map(() => []);
  const windows: Array<Array<Array<[number, number]>>> = cases.map(() => []);
  const extras: Array<Record<string, number>> = cases.map(() => ({}));
  // Each case counts its own rounds, so every case records the same sequence of values, here
  // and in an isolated process alike (the same work, the same bytes: src/isolated.ts checks).
  const rounds = cases.map(() => 1);
  // Warm-up: two untimed runs each.
  for (const [index, c] of cases.entries()) {
    for (let w = 0; w < 2; w++) {
      c.population.recordAll(rounds[index]++);
      if (c.prepare !== undefined) await c.prepare(c.population);
      await c.measure(c.population);
    }
  }
  const recorder = new GcPauseRecorder();
  recorder.start();
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + s) % cases.length;
      const c = cases[index];
      let ns = 0;
      const sampleWindows: Array<[number, number]> = [];
      for (let r = 0; r < reps; r++) {
        c.population.recordAll(rounds[index]++);
        if (c.prepare !== undefined) await c.prepare(c.population);
        if (r === 0 && gcBetween) forceGc();
        const from = GcPauseRecorder.now();
        const start = process.hrtime.bigint();
        extras[index] = await c.measure(c.population);
        ns += Number(process.hrtime.bigint() - start);
        sampleWindows.push([from, GcPauseRecorder.now()]);
      }
      times[index].push(ns / reps / 1e6);
      windows[index].push(sampleWindows);
    }
  }
  await recorder.stop();
  return cases.map((_, i) => {
    const gcPerRun = windows[i].map((ws) => ws.reduce((ms, [from, to]) => ms + pauseWithin(recorder.pauses, from, to), 0) / reps);
    return { ...summarize(times[i]), extra: { ...extras[i], 'GC in timing ms': round2(median(gcPerRun)) } };
  });
}

const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/** Series of the delta first-records row. */
const DELTA_RECORD_SERIES = 10_000;

/**
 * The first recording of every series in a delta interval: untimed, the re-recording and a
 * collection (which ends the interval); timed, one more pass over every series, each call the
 * first of its series in the new interval. A delta stream that recreates its series every
 * interval pays its miss path here on every series, every interval.
 */
function firstRecordsCase(impl: OtelImpl, population: Population): TimedCollection {
  let round = 1_000_000; // the timed pass records values of its own rounds
  return {
    impl,
    population,
    prepare: async (p) => {
      await p.sdk.collect();
    },
    measure: async (p) => {
      p.recordAll(round++);
      return {};
    },
  };
}

/** The observable rows: a gauge (cumulative by nature) and a counter read as deltas (the SDK subtracts the previous total). */
const OBSERVABLE_ROWS: ReadonlyArray<[ObservableKind, 'cumulative' | 'delta']> = [
  ['observable-gauge', 'cumulative'],
  ['observable-counter', 'delta'],
];
/** Observable rows stop at 10,000 series: the callback's own work grows with N for every SDK alike. */
const OBSERVABLE_MAX_SERIES = 10_000;

export async function runCollection(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const specs: Array<[SeriesKind | ObservableKind, 'cumulative' | 'delta' | 'delta-first-records', number]> = [];
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    for (const temporality of ['cumulative', 'delta'] as const) for (const count of options.seriesCounts) specs.push([kind, temporality, count]);
  }
  for (const [kind, temporality] of OBSERVABLE_ROWS) {
    for (const count of options.seriesCounts) if (count <= OBSERVABLE_MAX_SERIES) specs.push([kind, temporality, count]);
  }
  for (const count of options.seriesCounts) if (count === DELTA_RECORD_SERIES) specs.push(['counter', 'delta-first-records', count]);
  for (const [kind, temporality, count] of specs) {
    const id = `collect.${kind}.${temporality}.${count}`;
    const observable = kind === 'observable-gauge' || kind === 'observable-counter';
    const firstRecords = temporality === 'delta-first-records';
    const title = firstRecords
      ? `Counter.add once on each of ${count.toLocaleString('en-US')} series right after a delta collection (fresh literals), ms per pass`
      : observable
        ? `collect ${count.toLocaleString('en-US')} ${kind.replace('-', ' ')} series (one callback observes each with a fresh literal), ${temporality}`
        : `collect ${count.toLocaleString('en-US')} ${kind} series, ${temporality}`;
    if (!selected(options, id, title)) continue;
    options.log(`collection: ${id}`);
    const names = routes(count);
    const impls = (['meterkit', 'otel'] as OtelImpl[]).filter((i) => caseSelected(options, i));
    const cases: TimedCollection[] = impls.map((impl) => {
      const sdk = createSdk(impl, firstRecords ? 'delta' : temporality === 'cumulative' ? 'cumulative' : 'delta', count);
      if (firstRecords) return firstRecordsCase(impl, populate(sdk, 'counter', names));
      return {
        impl,
        population: observable ? populateObservable(sdk, kind, names) : populate(sdk, kind, names),
        measure: async (p) => ({ points: pointCount(await p.sdk.collect()) }),
      };
    });
    const results = await timeCollections(cases, count, options.collectSamples);
    const row: Row = { id, section: 'collection', title, unit: 'ms', results: {} };
    cases.forEach((c, i) => (row.results[c.impl as ImplId] = results[i]));
    rows.push(row);
    for (const c of cases) await c.population.sdk.shutdown();
    cases.length = 0; // the populations go before the isolated children start
    forceGc();
    const isolated = await measureIsolated(options, row);
    if (isolated !== undefined) rows.push(isolated);
  }
  return rows;
}
