import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { SyncAccumulator } from '../state/sync-accumulator';
import type { MeasurementCheck } from './measurement-check';
import type { FilterMode } from '../exemplar/exemplar-filter';

const NONE: readonly SyncAccumulator[] = Object.freeze([]);

/** What a synchronous instrument writes to: one accumulator per stream and reader group, and whether measurements may become exemplars. */
export class SyncInstrumentState {
  /** Every distinct accumulator, written on each measurement. Empty once disabled. */
  writers: readonly SyncAccumulator[];

  constructor(
    readonly descriptor: InstrumentDescriptor,
    readonly check: MeasurementCheck,
    writers: readonly SyncAccumulator[],
    /** Accumulators to collect, per reader index. */
    readonly byReader: readonly (readonly SyncAccumulator[])[],
    /** The provider's exemplar filter, as the recording path tests it. */
    readonly exemplarMode: FilterMode,
  ) {
    this.writers = writers;
  }

  /** After provider shutdown: measurements become no-ops. */
  disable(): void {
    this.writers = NONE;
  }
}
