// One run of the asynchronous callbacks for one reader's collection. Observations land in
// per-instrument buffers (the last observation of an attribute set wins: observed-sets.ts);
// once the round is sealed — callbacks done or timed out — late observations are ignored, so
// a slow callback can never write into a later collection. The buffers outlive the round
// (one per instrument and reader, so that sets observed again are found, not copied again):
// finish() hands them back once the streams have read them.
import { diag, type Attributes, type BatchObservableResult, type Observable, type ObservableResult } from '@opentelemetry/api';
import type { Observation } from './async-accumulator';
import type { ObservedSets } from './observed-sets';

export interface ObservationTarget {
  readonly name: string;
  /** Validates an observed value; returns the value to keep or undefined to drop it. */
  acceptObservation(value: unknown): number | undefined;
  /** Reports an observation dropped because its attributes could not be read. */
  failedObservation(error: unknown): void;
  /**
   * The buffer of this target for the reader's collection, marked in use (a transient one if
   * another collection of the reader holds it); given back with `endCollection()` and `inUse = false`.
   */
  acquireObservedSets(readerIndex: number): ObservedSets;
}

export class ObservationRound {
  private readonly buffers = new Map<ObservationTarget, ObservedSets>();
  private sealed = false;
  /** Targets a callback of this round failed or timed out for: their observations are partial. */
  private readonly incomplete = new Set<ObservationTarget>();

  constructor(private readonly readerIndex: number) {}

  observe(target: ObservationTarget, value: unknown, attributes: Attributes | undefined): void {
    if (this.sealed) {
      diag.warn(`Observation for "${target.name}" arrived after its collection ended (callback too slow); dropped`);
      return;
    }
    const accepted = target.acceptObservation(value);
    if (accepted === undefined) return;
    let buffer = this.buffers.get(target);
    if (buffer === undefined) this.buffers.set(target, (buffer = target.acquireObservedSets(this.readerIndex)));
    try {
      buffer.observe(accepted, attributes);
    } catch (error) {
      // A getter or proxy that throws: this observation is dropped, observe() never throws.
      target.failedObservation(error);
    }
  }

  observations(target: ObservationTarget): readonly Observation[] {
    return this.buffers.get(target)?.observations() ?? [];
  }

  /** Whether `target`'s observations are in a buffer made for this collection only (their entries link to no series). */
  isTransient(target: ObservationTarget): boolean {
    return this.buffers.get(target)?.transient === true;
  }

  /** The streams have read the observations: the buffers are emptied and handed back. Once. */
  finish(): void {
    this.sealed = true;
    for (const buffer of this.buffers.values()) {
      buffer.endCollection();
      buffer.inUse = false;
    }
    this.buffers.clear();
  }

  seal(): void {
    this.sealed = true;
  }

  /** A callback that could observe `targets` threw or did not finish in time. */
  markIncomplete(targets: Iterable<ObservationTarget>): void {
    for (const target of targets) this.incomplete.add(target);
  }

  /** False when some callback that could observe `target` failed in this round. */
  isComplete(target: ObservationTarget): boolean {
    return !this.incomplete.has(target);
  }

  resultFor(target: ObservationTarget): ObservableResult {
    return { observe: (value: number, attributes?: Attributes) => this.observe(target, value, attributes) };
  }

  batchResultFor(allowed: ReadonlySet<Observable>, resolve: (o: Observable) => ObservationTarget | undefined): BatchObservableResult {
    return {
      observe: (observable: Observable, value: number, attributes?: Attributes) => {
        const target = allowed.has(observable) ? resolve(observable) : undefined;
        if (target === undefined) {
          diag.warn('BatchObservableResult.observe(): the observable was not registered with this batch callback; observation dropped');
          return;
        }
        this.observe(target, value, attributes);
      },
    };
  }
}
