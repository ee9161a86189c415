// The no-allocation proof: heap growth and allocation over many recording calls on existing
// series (one set, a fresh literal, and non-integer values over 1,000 sets). Node 20 has no
// allocation counter (v8's total_allocated_bytes came later), so allocation is measured from heapUsed around chunks of calls, minus the cost of
// the measurement itself. Chunks are sized to allocate ~256 KiB, well under the young
// generation, so most chunks contain no scavenge; a chunk that does shows a heap drop, and
// the median over chunks is the allocation of a clean chunk. GCs over the whole run are
// counted with a PerformanceObserver ('gc' entries) and reported next to it.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { compileLoop, type LoopFn } from '../compile-loop';
import { implSelected, selected, type BenchOptions } from '../options';
import type { ImplId, ImplResult, Row } from '../results';
import { forceGc, gcAvailable } from '../gc';
import { createMeterkit } from '../sdks/meterkit';
import { createOtel } from '../sdks/otel';
import { createProm } from '../sdks/prom';
import { median, summarize } from '../stats';
import { distinctAttributeSets, sameAttributes } from './attributes';

const LITERAL = `{ method: 'GET', route: '/api/users/:id', status: 200 }`;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One allocation row. The many-series cases record non-integer values: V8 passes an integer
 * as a small integer but must box any other number (16 bytes) at each call it does not
 * inline, so these rows show whether a value reaches the aggregation without leaving the
 * caller's registers — which the integer rows cannot show.
 */
interface AllocationCase {
  id: string;
  title: string;
  instrument: 'counter' | 'histogram';
  /** Loop body of the SDKs (`c` is the instrument, `a` one set, `sets` 1,000 sets). */
  sdk: string;
  /** Loop body of prom-client (label values first). */
  prom: string;
}

const FRACTIONAL = '((i & 7) + 0.5)';
const CASES: AllocationCase[] = [
  { id: 'allocation.counter.same-object', title: 'Counter.add on an existing series, same attributes object', instrument: 'counter', sdk: 'c.add(1, a);', prom: 'c.inc(a, 1);' },
  { id: 'allocation.counter.fresh-literal', title: 'Counter.add on an existing series, fresh same-shape literal', instrument: 'counter', sdk: `c.add(1, ${LITERAL});`, prom: `c.inc(${LITERAL}, 1);` },
  {
    id: 'allocation.counter.1000-sets-fractional',
    title: 'Counter.add of non-integer values over 1,000 existing series (reused objects)',
    instrument: 'counter',
    sdk: `c.add(${FRACTIONAL}, sets[i % 1000]);`,
    prom: `c.inc(sets[i % 1000], ${FRACTIONAL});`,
  },
  {
    id: 'allocation.histogram.1000-sets-fractional',
    title: 'Histogram.record of non-integer values over 1,000 existing series (reused objects)',
    instrument: 'histogram',
    sdk: `c.record(${FRACTIONAL} * 12.5, sets[i % 1000]);`,
    prom: `c.observe(sets[i % 1000], ${FRACTIONAL} * 12.5);`,
  },
];

function makeLoop(impl: ImplId, spec: AllocationCase): { run: LoopFn; close: () => Promise<void> } {
  const a = sameAttributes();
  const sets = distinctAttributeSets(1000);
  if (impl === 'prom') {
    const prom = createProm();
    const c = spec.instrument === 'counter' ? prom.counter('x') : prom.histogram('x');
    return { run: compileLoop({ c, a, sets }, spec.prom), close: async () => {} };
  }
  const sdk = impl === 'meterkit' ? createMeterkit() : createOtel();
  const c = spec.instrument === 'counter' ? sdk.meter.createCounter('x') : sdk.meter.createHistogram('x');
  return { run: compileLoop({ c, a, sets }, spec.sdk), close: () => sdk.shutdown() };
}

export interface AllocationFigures {
  bytesPerOp: number;
  heapGrowth: number;
  scavenges: number;
  markSweeps: number;
  chunks: number;
  calls: number;
}

export async function measureAllocation(run: LoopFn, calls: number): Promise<AllocationFigures> {
  let scavenges = 0;
  let markSweeps = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
      else markSweeps++;
    }
  });
  run(200_000); // existing series, optimised code
  // Cost of reading heapUsed itself (memoryUsage allocates its result object).
  const overhead: number[] = [];
  for (let k = 0; k < 50; k++) {
    const h0 = process.memoryUsage().heapUsed;
    run(0);
    overhead.push(process.memoryUsage().heapUsed - h0);
  }
  const baseline = median(overhead);
  // Size chunks so that an allocating library still fits many chunks between scavenges.
  const probes: number[] = [];
  for (let k = 0; k < 7; k++) {
    const p0 = process.memoryUsage().heapUsed;
    run(1000);
    probes.push(Math.max(0, process.memoryUsage().heapUsed - p0 - baseline) / 1000);
  }
  const probe = median(probes);
  // At least 20 chunks, so that one-off allocations (optimised code, feedback) stay out of the median.
  const chunk = Math.max(1000, Math.min(Math.floor(calls / 20), Math.floor((256 * 1024) / Math.max(probe, 0.01))));

  forceGc();
  const heapBefore = process.memoryUsage().heapUsed;
  observer.observe({ entryTypes: ['gc'] });
  let done = 0;
  const perChunk: number[] = [];
  while (done < calls) {
    const n = Math.min(chunk, calls - done);
    const h0 = process.memoryUsage().heapUsed;
    run(n);
    const h1 = process.memoryUsage().heapUsed;
    done += n;
    perChunk.push((h1 - h0 - baseline) / n);
  }
  // GC entries are delivered asynchronously.
  await tick();
  await tick();
  observer.disconnect();
  forceGc();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    bytesPerOp: Math.max(0, median(perChunk)),
    heapGrowth: heapAfter - heapBefore,
    scavenges,
    markSweeps,
    chunks: perChunk.length,
    calls,
  };
}

export async function runAllocation(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of CASES) {
    const calls = options.allocationCalls;
    const title = `bytes allocated per call: ${spec.title} (meterkit: ${calls.toLocaleString('en-US')} calls)`;
    if (!selected(options, spec.id, title)) continue;
    options.log(`allocation: ${spec.id}`);
    const row: Row = {
      id: spec.id,
      section: 'allocation',
      title,
      unit: 'bytes/op',
      results: {},
      note: gcAvailable() ? 'details: heap growth over the whole run after forced GC, and GCs during it' : 'UNRELIABLE: node ran without --expose-gc',
    };
    for (const impl of ['meterkit', 'otel', 'prom'] as ImplId[]) {
      if (!implSelected(options, impl)) continue;
      const { run, close } = makeLoop(impl, spec);
      // The proof is about meterkit; the peers' figures are for reference and settle in fewer calls.
      const f = await measureAllocation(run, impl === 'meterkit' ? calls : Math.min(calls, 2_000_000));
      await close();
      const result: ImplResult = {
        ...summarize([f.bytesPerOp]),
        extra: { calls: f.calls, 'heap growth (bytes)': f.heapGrowth, scavenges: f.scavenges, 'full GCs': f.markSweeps, chunks: f.chunks },
      };
      row.results[impl] = result;
    }
    rows.push(row);
  }
  return rows;
}
