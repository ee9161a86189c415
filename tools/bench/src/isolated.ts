// Isolated-process mode of the collection and export rows. In the alternating run every
// implementation lives in one process: garbage one of them leaves behind can be collected
// during another's sample, and code shared by both (node:http, Buffers, Maps) is optimised
// for whichever ran first. Here each case (one result column) of a row runs alone in a fresh
// node process: populate, two warm-up runs, the samples, nothing else in the heap. Its
// figures are reported as a row `<id>.isolated` next to the alternating row, never instead
// of it (no alternation between processes, so machine drift is not spread over the cases).
import { execFile } from 'node:child_process';
import type { BenchOptions } from './options';
import type { ImplId, ImplResult, Row } from './results';

/** What an isolated child is asked to run (passed as JSON on its command line). */
export interface IsolatedSpec {
  rowId: string;
  caseId: ImplId;
  quick: boolean;
  collectSamples: number;
  seriesCounts: number[];
}

/** Row id of the isolated figures of the row `rowId`. */
export const isolatedRowId = (rowId: string): string => `${rowId}.isolated`;

/** Note of every isolated row: what differs from the alternating row above it. */
export const ISOLATED_NOTE =
  'each case alone in a fresh node process (populate, 2 warm-up runs, the same samples, forced GC before each): no other implementation in the heap or in the JIT; cases run one after the other, not alternating, so compare with the alternating row above rather than across runs';

/**
 * Figures that say how much work a run did, with the relative difference allowed between
 * processes: the series count exactly; the bytes of a request nearly (the resource holds
 * process.pid and the like, whose encoded length can differ by a few bytes).
 */
const SAME_WORK: Array<[string, number]> = [
  ['points', 0],
  ['bytes', 0.001],
];

/**
 * Cases that get an isolated figure: the main columns and the lower bound. The detail
 * variants of a row (the JSON exporters of the OTLP/HTTP rows) do not: they would double the
 * run's time for figures nobody reads against a target.
 */
export const ISOLATED_CASES: readonly ImplId[] = ['meterkit', 'otel', 'prom', 'lower-bound', 'js'];

/** The cases of `row` that are run in isolation. */
export const isolatedCasesOf = (row: Row): ImplId[] => (Object.keys(row.results) as ImplId[]).filter((c) => ISOLATED_CASES.includes(c));

/**
 * The isolated row built from the children's results, one per isolated case of `row` (the
 * alternating row, see ISOLATED_CASES). Every such case must be present, and figures that say how much work
 * was done (`points`, `bytes`) must match the alternating run's (SAME_WORK): a child that measured
 * something else is an error, not a figure.
 */
export function mergeIsolated(row: Row, isolated: Partial<Record<ImplId, ImplResult>>): Row {
  const out: Row = {
    id: isolatedRowId(row.id),
    section: row.section,
    title: `${row.title} (each implementation in its own process)`,
    unit: row.unit,
    results: {},
    note: ISOLATED_NOTE,
  };
  const cases = isolatedCasesOf(row);
  for (const caseId of cases) {
    const result = isolated[caseId];
    if (result === undefined) throw new Error(`isolated ${row.id}: no result for ${caseId}`);
    for (const [key, tolerance] of SAME_WORK) {
      const expected = row.results[caseId]?.extra?.[key];
      const got = result.extra?.[key];
      if (expected === undefined) continue;
      if (typeof got !== 'number' || typeof expected !== 'number' || Math.abs(got - expected) > tolerance * expected) {
        throw new Error(`isolated ${row.id}: ${caseId} ${key} ${String(got)}, alternating run ${String(expected)}`);
      }
    }
    out.results[caseId] = result;
  }
  const extraCases = (Object.keys(isolated) as ImplId[]).filter((k) => !cases.includes(k));
  if (extraCases.length > 0) throw new Error(`isolated ${row.id}: unexpected cases ${extraCases.join(', ')}`);
  return out;
}

/** The built CLI (dist/cli.js) when this code runs from it; undefined under ts-jest. */
export function cliPath(): string | undefined {
  const main = require.main?.filename;
  return main !== undefined && /cli\.js$/.test(main) ? main : undefined;
}

function runChild(cli: string, spec: IsolatedSpec): Promise<ImplResult> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--expose-gc', cli, '--isolated-child', JSON.stringify(spec)],
      { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 600_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`isolated child ${spec.rowId} ${spec.caseId} failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ImplResult);
        } catch {
          reject(new Error(`isolated child ${spec.rowId} ${spec.caseId} printed ${JSON.stringify(stdout.slice(-200))}`));
        }
      },
    ),
  );
}

/**
 * When options.isolated is set and the CLI is available: runs every isolated case of `row`
 * in its own child process, one after the other, and returns the `<id>.isolated` row.
 * Otherwise undefined. A failed child (or one that did different work) does not end a long
 * run: it is reported on stderr and in the alternating row's note, and no isolated row is made.
 */
export async function measureIsolated(options: BenchOptions, row: Row): Promise<Row | undefined> {
  const cli = cliPath();
  if (!options.isolated || cli === undefined) return undefined;
  const results: Partial<Record<ImplId, ImplResult>> = {};
  try {
    for (const caseId of isolatedCasesOf(row)) {
      options.log(`  isolated: ${row.id} ${caseId}`);
      results[caseId] = await runChild(cli, {
        rowId: row.id,
        caseId,
        quick: options.quick,
        collectSamples: options.collectSamples,
        seriesCounts: options.seriesCounts,
      });
    }
    return mergeIsolated(row, results);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    options.log(`  isolated run FAILED: ${message}`);
    row.note = `${row.note === undefined ? '' : `${row.note}; `}ISOLATED RUN FAILED: ${message}`;
    return undefined;
  }
}
