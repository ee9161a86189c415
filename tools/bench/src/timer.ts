// Timing of hot-path cases. Each case is calibrated to a batch size that runs for about
// one sample duration, warmed up, then sampled; samples alternate between the cases of a
// group (rotating the order each round) so that drift of the machine (thermal, another
// process, GC pressure) spreads over every implementation instead of favouring one.
import type { LoopFn } from './compile-loop';
import { forceGc } from './gc';
import type { ImplId } from './results';
import { summarize, type Summary } from './stats';

export interface TimedCase {
  impl: ImplId;
  run: LoopFn;
}

export interface TimingOptions {
  samples: number;
  sampleMs: number;
  warmupMs: number;
}

/** Folds every loop result in, so the loops' work is observable. Read by `sinkValue`. */
let sink = 0;
export const sinkValue = (): number => sink;

function elapsedNs(run: LoopFn, n: number): number {
  const start = process.hrtime.bigint();
  const result = run(n);
  const end = process.hrtime.bigint();
  sink = (sink + (Number.isFinite(result) ? result : 1)) % 1e9;
  return Number(end - start);
}

/** Batch size for which `run` takes about `targetMs`. */
function calibrate(run: LoopFn, targetMs: number): number {
  let n = 64;
  for (;;) {
    const ns = elapsedNs(run, n);
    if (ns >= 10e6 || n >= 2 ** 30) {
      const perOp = ns / n;
      return Math.max(1, Math.round((targetMs * 1e6) / perOp));
    }
    n *= ns < 1e6 ? 8 : 2;
  }
}

/** ns/op samples of each case, in the order of `cases`. */
export function timeCases(cases: readonly TimedCase[], options: TimingOptions): Summary[] {
  forceGc();
  const batches = cases.map((c) => {
    const warmupEnd = process.hrtime.bigint() + BigInt(Math.round(options.warmupMs * 1e6));
    let n = calibrate(c.run, Math.min(options.sampleMs, 50));
    while (process.hrtime.bigint() < warmupEnd) elapsedNs(c.run, n);
    n = calibrate(c.run, options.sampleMs);
    return n;
  });
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < options.samples; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const n = batches[index];
      samples[index].push(elapsedNs(cases[index].run, n) / n);
    }
  }
  return samples.map((s) => summarize(s));
}
