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

export async function measureOnce(impl: ImplId, kind: SeriesKind, names: readonly string[]): Promise<MemoryFigures> {
  const count = names.length;
  keepAlive = [];
  const before = heapUsed();
  let beforeCollect = NaN;
  if (impl === 'prom') {
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
  const count = options.memorySeries;
  const names = routes(count);
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    const id = `memory.${kind}`;
    const title = `retained memory (heap + array buffers) per ${kind === 'counter' ? 'Counter' : 'default Histogram'} series, ${count.toLocaleString('en-US')} series`;
    if (!selected(options, id, title)) continue;
    options.log(`memory: ${id}`);
    const row: Row = {
      id,
      section: 'memory',
      title,
      unit: 'bytes/series',
      results: {},
      note: gcAvailable()
        ? 'after one collection; `before collect` in details is the figure right after recording'
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

function measureInChild(impl: ImplId, kind: SeriesKind, count: number): MemoryFigures[] {
  const out = execFileSync(process.execPath, ['--expose-gc', cliPath()!, '--memory-child', impl, kind, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as MemoryFigures[];
}

/** Body of `cli.js --memory-child <impl> <kind> <count>`: prints the figures of two runs as JSON. */
export async function memoryChild(impl: ImplId, kind: SeriesKind, count: number): Promise<void> {
  const names = routes(count);
  const runs = [await measureOnce(impl, kind, names), await measureOnce(impl, kind, names)];
  process.stdout.write(`${JSON.stringify(runs)}\n`);
}
