// The stream names a meter exports, remembered to warn when two streams get the same name
// (two views renaming different instruments, or one instrument, to one name). Such streams
// are still both exported: the warning is the specification's "identifying conflict" report.
import { diag } from '@opentelemetry/api';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';

export class StreamNames {
  /** Lower-cased stream name → lower-cased name of the instrument that first exported it. */
  private readonly owners = new Map<string, string>();

  constructor(private readonly meterName: string) {}

  /** Records the names of the streams of `instrument` that some reader exports, warning about clashes. */
  claim(instrument: InstrumentDescriptor, exportedNames: readonly string[]): void {
    const own = instrument.name.toLowerCase();
    const seen = new Set<string>();
    for (const streamName of exportedNames) {
      const key = streamName.toLowerCase();
      if (seen.has(key)) {
        diag.warn(`Meter "${this.meterName}": two views give instrument "${instrument.name}" the same stream name "${streamName}"; both streams are exported`);
        continue;
      }
      seen.add(key);
      const owner = this.owners.get(key);
      if (owner === undefined) {
        this.owners.set(key, own);
      } else if (owner !== own) {
        diag.warn(
          `Meter "${this.meterName}": the stream "${streamName}" of instrument "${instrument.name}" has the same name as ` +
            `a stream of instrument "${owner}"; both are exported, but backends may merge or reject them`,
        );
      }
    }
  }
}
