// The three asynchronous instruments. They hold callbacks; the collection runs them and
// feeds the observations to each reader's AsyncAccumulators.
import type {
  ObservableCallback,
  ObservableCounter,
  ObservableGauge,
  ObservableUpDownCounter,
} from '@opentelemetry/api';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { AsyncAccumulator } from '../state/async-accumulator';
import type { ObservationTarget } from '../state/observation-round';
import { ObservedSets } from '../state/observed-sets';
import type { MeasurementCheck } from './measurement-check';

const NO_CALLBACKS: readonly ObservableCallback[] = Object.freeze([]);

export class ObservableInstrument implements ObservableCounter, ObservableUpDownCounter, ObservableGauge, ObservationTarget {
  /**
   * Registering the same callback twice keeps one registration. An array of exactly its
   * length, replaced on every change (rare), rather than a Set: about 100 bytes less for
   * an instrument with one callback, and a collection that is iterating it keeps its array.
   */
  callbacks: readonly ObservableCallback[] = NO_CALLBACKS;
  disabled = false;
  /**
   * Per reader index, the buffer its collections observe into (created by the first one):
   * the first reader's in a field, the others' in an array made for a second reader (most
   * providers have one reader: about 60 bytes of every instrument).
   */
  private firstReaderSets: ObservedSets | undefined = undefined;
  private otherReaderSets: (ObservedSets | undefined)[] | undefined = undefined;

  constructor(
    readonly descriptor: InstrumentDescriptor,
    private readonly check: MeasurementCheck,
    /** Accumulators to collect, per reader index. */
    readonly byReader: readonly (readonly AsyncAccumulator[])[],
  ) {}

  get name(): string {
    return this.descriptor.name;
  }

  addCallback(callback: ObservableCallback): void {
    if (this.disabled || typeof callback !== 'function' || this.callbacks.includes(callback)) return;
    this.callbacks = this.callbacks.concat(callback);
  }

  removeCallback(callback: ObservableCallback): void {
    if (this.callbacks.includes(callback)) this.callbacks = this.callbacks.filter((registered) => registered !== callback);
  }

  acquireObservedSets(readerIndex: number): ObservedSets {
    let kept = readerIndex === 0 ? this.firstReaderSets : this.otherReaderSets?.[readerIndex - 1];
    if (kept === undefined) {
      kept = new ObservedSets(this.check);
      if (readerIndex === 0) this.firstReaderSets = kept;
      else {
        // A new array of exactly the readers seen (writing past the end would leave room for 16 more).
        const others = this.otherReaderSets ?? [];
        const grown = Array.from({ length: Math.max(others.length, readerIndex) }, (_, i) => others[i]);
        grown[readerIndex - 1] = kept;
        this.otherReaderSets = grown;
      }
    }
    // Two collections of one reader at once (two scrapes): the later one gets a buffer of its own.
    const sets = kept.inUse ? new ObservedSets(this.check, true) : kept;
    sets.inUse = true;
    return sets;
  }

  acceptObservation(value: unknown): number | undefined {
    return this.check.accept(value);
  }

  failedObservation(error: unknown): void {
    this.check.failed(error);
  }

  disable(): void {
    this.disabled = true;
    this.callbacks = NO_CALLBACKS;
  }
}
