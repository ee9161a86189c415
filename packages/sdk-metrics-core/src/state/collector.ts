// One collection for one reader: run the asynchronous callbacks (each isolated, all bounded
// by the collection timeout), then move every stream's state into metric data: the move of
// every stream at once (one synchronous pass, after its arrays were made, themselves in
// slices), then the building of the point objects in slices that give the event loop a turn
// (state/pending-points.ts).
import type { InstrumentationScope } from '@opentelemetry/core';
import { clockNow } from '../util/clock';
import type { BatchObservableResult, Observable, ObservableResult } from '@opentelemetry/api';
import type { CollectionResult, MetricData, ScopeMetrics } from '../data/metric-data';
import type { MeterImpl } from '../meter';
import { ObservableInstrument } from '../instruments/observable-instruments';
import { ObservationRound, type ObservationTarget } from './observation-round';
import { TimeoutError } from '../util/timeout';
import type { ProviderSharedState } from './provider-shared-state';
import { lookUpApiRegistry } from '../exemplar/exemplar-filter';
import { PendingPoints, type PointArrays } from './pending-points';
import type { SyncAccumulator } from './sync-accumulator';
import { EventLoopSlices, POINTS_PER_CHUNK } from '../util/event-loop-slices';

function describeCallbackFailure(what: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${what} failed: ${reason}`);
  (wrapped as Error & { cause?: unknown }).cause = error;
  return wrapped;
}

/** Runs `fn` so that a synchronous throw becomes a rejection. */
function invoke<R>(fn: (result: R) => void | Promise<void>, result: R): Promise<void> {
  return new Promise<void>((resolve) => resolve(fn(result)));
}

/** One callback run: settles when the callback did; `targets` are what it may observe. */
interface Run {
  readonly targets: readonly ObservationTarget[];
  settled: boolean;
}

async function runCallbacks(meters: Iterable<MeterImpl>, round: ObservationRound, timeoutMillis: number): Promise<unknown[]> {
  const errors: unknown[] = [];
  const pending: Promise<void>[] = [];
  const runs: Run[] = [];
  const start = (targets: readonly ObservationTarget[], what: string, call: () => Promise<void>) => {
    const run: Run = { targets, settled: false };
    runs.push(run);
    pending.push(
      call().then(
        () => {
          run.settled = true;
        },
        (e) => {
          run.settled = true;
          round.markIncomplete(targets);
          errors.push(describeCallbackFailure(what, e));
        },
      ),
    );
  };
  for (const meter of meters) {
    for (const instrument of meter.observableInstruments) {
      const result: ObservableResult = round.resultFor(instrument);
      for (const callback of instrument.callbacks) {
        start([instrument], `Callback of "${instrument.name}"`, () => invoke(callback, result));
      }
    }
    for (const batch of meter.batchCallbacks) {
      const result: BatchObservableResult = round.batchResultFor(batch.observables, (o: Observable) =>
        o instanceof ObservableInstrument ? o : undefined,
      );
      const targets = [...batch.observables].filter((o): o is ObservableInstrument => o instanceof ObservableInstrument);
      start(targets, `Batch callback of meter "${meter.scope.name}"`, () => invoke(batch.callback, result));
    }
  }
  if (pending.length === 0) return errors;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMillis);
    timer.unref?.();
  });
  const outcome = await Promise.race([Promise.all(pending).then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    // What the late callbacks would have observed is missing from this round.
    for (const run of runs) if (!run.settled) round.markIncomplete(run.targets);
    errors.push(new TimeoutError(`Observable callbacks did not finish within the collection timeout of ${timeoutMillis} ms; their late observations are dropped`));
  }
  return errors;
}

/** Collects one stream, so that a failure in it (a bug, a hostile value) loses only that stream. */
function collectStream<T>(collect: () => T | undefined, errors: unknown[], name: string): T | undefined {
  try {
    return collect();
  } catch (error) {
    errors.push(describeCallbackFailure(`Collecting the stream of "${name}"`, error));
    return undefined;
  }
}

/** A stream of the collection: its MetricData (asynchronous streams), or its points still to build (synchronous ones). */
interface CollectedStream {
  readonly name: string;
  readonly data: MetricData | PendingPoints;
}

export async function collectForReader(
  shared: ProviderSharedState,
  meters: Iterable<MeterImpl>,
  readerIndex: number,
  timeoutMillis: number,
): Promise<CollectionResult> {
  lookUpApiRegistry(); // a context manager registered since is seen by the next measurement (exemplar filter)
  const meterList = [...meters];
  const round = new ObservationRound(readerIndex);
  try {
    return await collectRound(shared, meterList, readerIndex, round, timeoutMillis);
  } finally {
    // The streams have read the observations (or the collection failed): the buffers go back.
    round.finish();
  }
}

async function collectRound(
  shared: ProviderSharedState,
  meterList: MeterImpl[],
  readerIndex: number,
  round: ObservationRound,
  timeoutMillis: number,
): Promise<CollectionResult> {
  const errors = await runCallbacks(meterList, round, timeoutMillis);
  round.seal();
  const slices = new EventLoopSlices();
  // First the arrays each synchronous stream reads its points into: for many series their
  // fresh memory costs as much as the move, and here it can have slices of its own (one
  // array of POINT_ARRAY_LENGTH points after the other, a pause between two when due).
  const arrays = new Map<SyncAccumulator, PointArrays>();
  let madeOne = false;
  for (const meter of meterList) {
    for (const instrument of meter.syncInstruments) {
      for (const accumulator of instrument.byReader[readerIndex] ?? []) {
        const reserved = accumulator.pointArrays();
        arrays.set(accumulator, reserved);
        while (!reserved.complete) {
          if (madeOne && slices.due()) await slices.pause();
          reserved.grow();
          madeOne = true;
        }
      }
    }
  }
  if (slices.due()) await slices.pause();
  const now = clockNow();
  // The synchronized move of every stream, in one synchronous pass: nothing recorded from
  // here on can enter this collection, and every stream's data is of the same instant.
  const byMeter: { scope: InstrumentationScope; streams: CollectedStream[] }[] = [];
  for (const meter of meterList) {
    const streams: CollectedStream[] = [];
    for (const instrument of meter.observableInstruments) {
      const complete = round.isComplete(instrument);
      const transient = round.isTransient(instrument);
      for (const accumulator of instrument.byReader[readerIndex] ?? []) {
        const data = collectStream(() => accumulator.collect(round.observations(instrument), now, complete, transient), errors, instrument.name);
        if (data !== undefined) streams.push({ name: instrument.name, data });
      }
    }
    for (const instrument of meter.syncInstruments) {
      for (const accumulator of instrument.byReader[readerIndex] ?? []) {
        const name = instrument.descriptor.name;
        // Taken, not shared: each collect() needs arrays of its own.
        const reserved = arrays.get(accumulator);
        arrays.delete(accumulator);
        const data = collectStream(() => accumulator.collect(now, reserved), errors, name);
        if (data !== undefined && data.size > 0) streams.push({ name, data });
      }
    }
    if (streams.length > 0) byMeter.push({ scope: meter.scope as InstrumentationScope, streams });
  }
  // Then the point objects, in chunks, with a turn of the event loop whenever a slice has
  // run its time (util/event-loop-slices.ts): many series no longer block the application
  // for the whole collection. The move may have used up the slice: the first chunk makes the
  // stream's array of points (fresh memory, ~4 ms for 100k), so it starts a slice of its own.
  if (slices.due()) await slices.pause();
  const scopeMetrics: ScopeMetrics[] = [];
  for (const { scope, streams } of byMeter) {
    const metrics: MetricData[] = [];
    for (const { name, data } of streams) {
      if (!(data instanceof PendingPoints)) {
        metrics.push(data);
        continue;
      }
      let built: MetricData | undefined;
      try {
        while (!data.buildNext(POINTS_PER_CHUNK)) if (slices.due()) await slices.pause();
        built = data.toMetricData();
      } catch (error) {
        errors.push(describeCallbackFailure(`Collecting the stream of "${name}"`, error));
      }
      if (built !== undefined) metrics.push(built);
    }
    if (metrics.length > 0) scopeMetrics.push({ scope, metrics });
  }
  return { resourceMetrics: { resource: shared.resource, scopeMetrics }, errors };
}
