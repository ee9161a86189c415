// One run of the asynchronous callbacks for one reader's collection. Observations land in
// per-instrument buffers (the last observation of an attribute set wins); once the round
// is sealed — callbacks done or timed out — late observations are ignored, so a slow
// callback can never write into a later collection.
import { diag, type Attributes, type BatchObservableResult, type Observable, type ObservableResult } from '@opentelemetry/api';
import { canonicalKey, describeInvalidKeys, sanitizeAttributes } from './canonical-attributes';

export interface ObservationTarget {
  readonly name: string;
  /** Validates an observed value; returns the value to keep or undefined to drop it. */
  acceptObservation(value: unknown): number | undefined;
  /** Reports attributes dropped from an observed set because their values are invalid. */
  invalidAttributes(message: string): void;
  /** Reports an observation dropped because its attributes could not be read. */
  failedObservation(error: unknown): void;
}

export class ObservationRound {
  private readonly buffers = new Map<ObservationTarget, Map<string, [Attributes, number]>>();
  private sealed = false;
  /** Targets a callback of this round failed or timed out for: their observations are partial. */
  private readonly incomplete = new Set<ObservationTarget>();

  observe(target: ObservationTarget, value: unknown, attributes: Attributes | undefined): void {
    if (this.sealed) {
      diag.warn(`Observation for "${target.name}" arrived after its collection ended (callback too slow); dropped`);
      return;
    }
    const accepted = target.acceptObservation(value);
    if (accepted === undefined) return;
    // Keep a sanitized copy, never the caller's object: callbacks often reuse and mutate one
    // attributes object between observe() calls.
    let sanitized: ReturnType<typeof sanitizeAttributes>;
    try {
      sanitized = sanitizeAttributes(attributes ?? {}, undefined);
    } catch (error) {
      // A getter or proxy that throws: this observation is dropped, observe() never throws.
      target.failedObservation(error);
      return;
    }
    if (sanitized.invalidKeys.length > 0) target.invalidAttributes(describeInvalidKeys(sanitized.invalidKeys));
    const copy = sanitized.attributes;
    let buffer = this.buffers.get(target);
    if (buffer === undefined) this.buffers.set(target, (buffer = new Map()));
    const key = canonicalKey(copy);
    // The last observation of a set wins, at the position of its first one.
    buffer.set(key, [copy, accepted]);
  }

  observations(target: ObservationTarget): Iterable<[Attributes, number]> {
    return this.buffers.get(target)?.values() ?? [];
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
