// Retained memory per series: the JS heap plus ArrayBuffer backing stores, which live
// outside the heap (a typed array's contents are not in heapUsed, and counting only the heap
// would flatter any library that keeps data in typed arrays). For each library: forced GC,
// reading; create the instrument and
// N series (fresh attribute objects; the route strings are built beforehand and stay alive,
// so string contents are not counted for anyone); one collection (an application's steady
// state: the official SDK keeps a per-reader copy of cumulative state from then on), drop
// its result; forced GC, reading again while the library objects are still referenced.
// Each measurement runs in a fresh node process (when running from the built CLI): in one
// process, memory of an earlier library was seen to be released during a later library's
// measurement, which shifts both figures.
import { execFileSync } from 'node:child_process';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, Row } from '../results';
import { forceGc, gcAvailable } from '../gc';
import { createProm } from '../sdks/prom';
import { summarize } from '../stats';
import { routes } from './attributes';
import { attributesOf, createSdk, populate, type SeriesKind } from './series-population';

function heapUsed(): number {
  forceGc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Keeps measured objects reachable until both heap readings are taken. */
let keepAlive: unknown[] = [];

async function collectAndDrop(sdk: { collect(): Promise<unknown> }): Promise<void> {
  await sdk.collect();
}

export interface MemoryFigures {
  after: number;
  beforeCollect: number;
}

/**
 * What a memory row measures per unit: a series of one instrument, or an instrument with one
 * series (a Counter recorded once, or an ObservableGauge whose one callback observes once).
 */
export type MemoryKind = SeriesKind | 'instrument' | 'observable-instrument';

/** Instruments of the `memory.instrument` and `memory.observable-instrument` rows (names built beforehand, like the routes). */
const INSTRUMENTS = 1_000;

const perInstrument = (kind: MemoryKind): kind is 'instrument' | 'observable-instrument' => kind === 'instrument' || kind === 'observable-instrument';

/**
 * `names.length` Counter instruments, each recorded once with one attribute (a fresh literal
 * whose value is its name): the fixed cost of an instrument that is in use, which an
 * application with hundreds of instruments of a few series each pays for every one.
 */
async function populateInstruments(impl: ImplId, names: readonly string[]): Promise<{ keep: unknown; collect?: () => Promise<unknown> }> {
  if (impl === 'prom') {
    const prom = createProm();
    const counters = names.map((name) => {
      const counter = prom.counter(name, ['name']);
      counter.inc({ name }, 1);
      return counter;
    });
    return { keep: [prom, counters] };
  }
  const sdk = createSdk(impl as 'meterkit' | 'otel', 'cumulative', 16);
  const counters = names.map((name) => {
    const counter = sdk.meter.createCounter(name);
    counter.add(1, { name });
    return counter;
  });
  return { keep: [sdk, counters], collect: () => sdk.collect() };
}

/**
 * `names.length` ObservableGauge instruments, each with one callback observing one series (a
 * fresh literal whose value is its name), as runtime or host metrics register them; the
 * collection runs every callback once. prom-client: a Gauge with one label whose collect()
 * sets its one value, run by one read of the registry.
 */
async function populateObservableInstruments(impl: ImplId, names: readonly string[]): Promise<{ keep: unknown; collect: () => Promise<unknown> }> {
  if (impl === 'prom') {
    const prom = createProm();
    const gauges = names.map((name) => {
      const gauge = prom.gauge(name, ['name']);
      (gauge as unknown as { collect: () => void }).collect = function (this: typeof gauge) {
        this.set({ name }, 1);
      };
      return gauge;
    });
    return { keep: [prom, gauges], collect: () => prom.registry.getMetricsAsJSON() };
  }
  const sdk = createSdk(impl as 'meterkit' | 'otel', 'cumulative', 16);
  const gauges = names.map((name) => {
    const gauge = sdk.meter.createObservableGauge(name);
    gauge.addCallback((result) => result.observe(1, { name }));
    return gauge;
  });
  return { keep: [sdk, gauges], collect: () => sdk.collect() };
}

export async function measureOnce(impl: ImplId, kind: MemoryKind, names: readonly string[]): Promise<MemoryFigures> {
  const count = names.length;
  keepAlive = [];
  const before = heapUsed();
  let beforeCollect = NaN;
  if (perInstrument(kind)) {
    const { keep, collect } = kind === 'instrument' ? await populateInstruments(impl, names) : await populateObservableInstruments(impl, names);
    keepAlive.push(keep);
    beforeCollect = heapUsed() - before;
    if (collect !== undefined) await collect();
  } else if (impl === 'prom') {
    const prom = createProm();
    const instrument = kind === 'counter' ? prom.counter('x') : prom.histogram('x');
    for (let i = 0; i < count; i++) {
      if (kind === 'counter') (instrument as ReturnType<typeof prom.counter>).inc(attributesOf(i, names) as never, 1);
      else (instrument as ReturnType<typeof prom.histogram>).observe(attributesOf(i, names) as never, (i % 1000) * 7.3);
    }
    keepAlive.push(prom, instrument);
    beforeCollect = heapUsed() - before;
  } else {
    const population = populate(createSdk(impl as 'meterkit' | 'otel', 'cumulative', count), kind, names);
    keepAlive.push(population);
    beforeCollect = heapUsed() - before;
    await collectAndDrop(population.sdk);
  }
  // Leave the current job first: until then V8 may still hold the awaited collection result
  // (seen: a whole CollectionResult counted as retained series memory).
  await new Promise((resolve) => setTimeout(resolve, 20));
  const after = heapUsed() - before;
  return { after, beforeCollect };
}

export async function runMemory(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of ['counter', 'histogram', 'instrument', 'observable-instrument'] as MemoryKind[]) {
    const count = perInstrument(kind) ? INSTRUMENTS : options.memorySeries;
    const names = perInstrument(kind) ? instrumentNames(count) : routes(count);
    const id = `memory.${kind}`;
    const title =
      kind === 'instrument'
        ? `retained memory (heap + array buffers) per Counter instrument with one series, ${count.toLocaleString('en-US')} instruments`
        : kind === 'observable-instrument'
          ? `retained memory (heap + array buffers) per ObservableGauge instrument with one callback observing one series, ${count.toLocaleString('en-US')} instruments`
          : `retained memory (heap + array buffers) per ${kind === 'counter' ? 'Counter' : 'default Histogram'} series, ${count.toLocaleString('en-US')} series`;
    if (!selected(options, id, title)) continue;
    options.log(`memory: ${id}`);
    const row: Row = {
      id,
      section: 'memory',
      title,
      unit: perInstrument(kind) ? 'bytes/instrument' : 'bytes/series',
      results: {},
      note: gcAvailable()
        ? kind === 'observable-instrument'
          ? 'after one collection (which runs the callbacks); `before collect` in details is the figure with the callbacks registered; prom-client: a Gauge whose collect() sets one labelled value, read once with getMetricsAsJSON()'
          : 'after one collection; `before collect` in details is the figure right after recording'
        : 'UNRELIABLE: node ran without --expose-gc',
    };
    for (const impl of ['meterkit', 'otel', 'prom'] as ImplId[]) {
      if (!implSelected(options, impl)) continue;
      // Two runs, the smaller kept: the first can include one-time costs (code, shared caches).
      const runs = cliPath() !== undefined ? measureInChild(impl, kind, count) : [await measureOnce(impl, kind, names), await measureOnce(impl, kind, names)];
      keepAlive = [];
      const best = runs.reduce((a, b) => (b.after < a.after ? b : a));
      row.results[impl] = {
        ...summarize(runs.map((r) => r.after / count)),
        median: best.after / count,
        extra: impl === 'prom' ? {} : { 'before collect': Math.round(best.beforeCollect / count) },
      };
    }
    rows.push(row);
    forceGc();
  }
  return rows;
}

/** The built CLI (dist/cli.js) when this code runs from it; undefined under ts-jest. */
function cliPath(): string | undefined {
  const main = require.main?.filename;
  return main !== undefined && /cli\.js$/.test(main) && process.env.MEMORY_IN_PROCESS === undefined ? main : undefined;
}

/** Instrument names of the per-instrument rows (valid for all three libraries). */
function instrumentNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `instrument_${i}`);
}

function measureInChild(impl: ImplId, kind: MemoryKind, count: number): MemoryFigures[] {
  const out = execFileSync(process.execPath, ['--expose-gc', cliPath()!, '--memory-child', impl, kind, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as MemoryFigures[];
}

/** Body of `cli.js --memory-child <impl> <kind> <count>`: prints the figures of two runs as JSON. */
export async function memoryChild(impl: ImplId, kind: MemoryKind, count: number): Promise<void> {
  const names = perInstrument(kind) ? instrumentNames(count) : routes(count);
  const runs = [await measureOnce(impl, kind, names), await measureOnce(impl, kind, names)];
  process.stdout.write(`${JSON.stringify(runs)}\n`);
}
