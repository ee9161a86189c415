// The no-allocation proof: heap growth and allocation over many `counter.add(1, attrs)` calls
// on an existing series. Node 20 has no allocation counter (v8's total_allocated_bytes came
// later), so allocation is measured from heapUsed around chunks of calls, minus the cost of
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
import { sameAttributes } from './attributes';

const LITERAL = `{ method: 'GET', route: '/api/users/:id', status: 200 }`;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function makeLoop(impl: ImplId, fresh: boolean): { run: LoopFn; close: () => Promise<void> } {
  const a = sameAttributes();
  if (impl === 'prom') {
    const c = createProm().counter('x');
    return { run: compileLoop({ c, a }, fresh ? `c.inc(${LITERAL}, 1);` : `c.inc(a, 1);`), close: async () => {} };
  }
  const sdk = impl === 'meterkit' ? createMeterkit() : createOtel();
  const c = sdk.meter.createCounter('x');
  return { run: compileLoop({ c, a }, fresh ? `c.add(1, ${LITERAL});` : `c.add(1, a);`), close: () => sdk.shutdown() };
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
  for (const fresh of [false, true]) {
    const id = fresh ? 'allocation.counter.fresh-literal' : 'allocation.counter.same-object';
    const calls = options.allocationCalls;
    const title = `bytes allocated per Counter.add on an existing series, ${fresh ? 'fresh same-shape literal' : 'same attributes object'} (meterkit: ${calls.toLocaleString('en-US')} calls)`;
    if (!selected(options, id, title)) continue;
    options.log(`allocation: ${id}`);
    const row: Row = {
      id,
      section: 'allocation',
      title,
      unit: 'bytes/op',
      results: {},
      note: gcAvailable() ? 'details: heap growth over the whole run after forced GC, and GCs during it' : 'UNRELIABLE: node ran without --expose-gc',
    };
    for (const impl of ['meterkit', 'otel', 'prom'] as ImplId[]) {
      if (!implSelected(options, impl)) continue;
      const { run, close } = makeLoop(impl, fresh);
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
