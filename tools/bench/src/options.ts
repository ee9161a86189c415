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
  /**
   * Also time the collection and export rows with each implementation alone in a child
   * process (rows `<id>.isolated`, see src/isolated.ts). Default: on in full runs, off with --quick.
   */
  isolated: boolean;
  /** Only rows with exactly these ids (the isolated child runs one row); empty: no such limit. */
  only: string[];
  /** Only the cases (result columns) with exactly these ids; empty: no such limit. */
  cases: string[];
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
    isolated: !quick,
    only: [],
    cases: [],
    log: () => {},
    ...overrides,
  };
}

export function selected(options: BenchOptions, id: string, title = ''): boolean {
  if (options.only.length > 0 && !options.only.includes(id)) return false;
  if (options.filters.length === 0) return true;
  const haystack = `${id} ${title}`.toLowerCase();
  return options.filters.some((f) => haystack.includes(f.toLowerCase()));
}

export function implSelected(options: BenchOptions, impl: string): boolean {
  return options.impls.length === 0 || options.impls.some((i) => impl === i || impl.startsWith(`${i}-`));
}

/**
 * Whether the case (result column) `caseId` runs: its implementation `impl` is selected
 * (--impl) and, when options.cases is set, the case is one of them exactly.
 */
export function caseSelected(options: BenchOptions, caseId: string, impl: string = caseId): boolean {
  return implSelected(options, impl) && (options.cases.length === 0 || options.cases.includes(caseId));
}
