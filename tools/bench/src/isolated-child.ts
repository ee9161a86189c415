// Body of `cli.js --isolated-child <spec>`: runs one case of one collection or export row
// through the same section code as the alternating run, with every other case filtered
// out, and returns its result (the CLI prints it as JSON for the parent, src/isolated.ts).
import { defaultOptions } from './options';
import type { ImplResult } from './results';
import type { IsolatedSpec } from './isolated';
import { runCollection } from './workloads/collection';
import { runExport } from './workloads/export';

/** Runs `spec.caseId` of `spec.rowId` alone in this process and returns its figures. */
export async function runIsolatedChild(spec: IsolatedSpec): Promise<ImplResult> {
  const options = defaultOptions({
    quick: spec.quick,
    collectSamples: spec.collectSamples,
    seriesCounts: spec.seriesCounts,
    only: [spec.rowId],
    cases: [spec.caseId],
    isolated: false,
  });
  const rows = spec.rowId.startsWith('collect.') ? await runCollection(options) : await runExport(options);
  const result = rows.find((r) => r.id === spec.rowId)?.results[spec.caseId];
  if (result === undefined) throw new Error(`isolated child: row ${spec.rowId} has no case ${spec.caseId} (ids: ${rows.map((r) => r.id).join(', ') || 'none'})`);
  return result;
}
