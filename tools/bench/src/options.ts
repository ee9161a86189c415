// Run options: the full run is what results/latest.json and docs/benchmarks.md hold;
// --quick is a smoke run (fewer and shorter samples, smaller series counts for collection).
export interface BenchOptions {
  quick: boolean;
  /** Only rows whose id or title contains one of these substrings (case-insensitive). */
  filters: string[];
  /** Only these implementations (e.g. meterkit alone, for a CPU profile); empty: all. */
  impls: string[];
  /** Timed samples per case, alternating between implementations. */
  samples: number;
  /** Target duration of one sample. */
  sampleMs: number;
  /** Untimed running of each case before its first sample (lets V8 optimise it). */
  warmupMs: number;
  /** Samples per collection/export case. */
  collectSamples: number;
  /** Series counts of the collection rows. */
  seriesCounts: number[];
  /** Series count of the memory rows. */
  memorySeries: number;
  /** Calls of the no-allocation proof. */
  allocationCalls: number;
  /** Progress lines on stderr. */
  log: (line: string) => void;
}

export function defaultOptions(overrides: Partial<BenchOptions> = {}): BenchOptions {
  const quick = overrides.quick ?? false;
  return {
    quick,
    filters: [],
    impls: [],
    samples: quick ? 3 : 9,
    sampleMs: quick ? 40 : 200,
    warmupMs: quick ? 40 : 300,
    collectSamples: quick ? 2 : 7,
    seriesCounts: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
    memorySeries: quick ? 10_000 : 100_000,
    allocationCalls: quick ? 1_000_000 : 10_000_000,
    log: () => {},
    ...overrides,
  };
}

export function selected(options: BenchOptions, id: string, title = ''): boolean {
  if (options.filters.length === 0) return true;
  const haystack = `${id} ${title}`.toLowerCase();
  return options.filters.some((f) => haystack.includes(f.toLowerCase()));
}

export function implSelected(options: BenchOptions, impl: string): boolean {
  return options.impls.length === 0 || options.impls.some((i) => impl === i || impl.startsWith(`${i}-`));
}
