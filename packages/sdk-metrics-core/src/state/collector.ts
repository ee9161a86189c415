// One collection for one reader: run the asynchronous callbacks (each isolated, all bounded
// by the collection timeout), then move every stream's state into metric data.
import { hrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { BatchObservableResult, Observable, ObservableResult } from '@opentelemetry/api';
import type { CollectionResult, MetricData, ScopeMetrics } from '../data/metric-data';
import type { MeterImpl } from '../meter';
import { ObservableInstrument } from '../instruments/observable-instruments';
import { ObservationRound, type ObservationTarget } from './observation-round';
import { TimeoutError } from '../util/timeout';
import type { ProviderSharedState } from './provider-shared-state';
import { lookUpApiRegistry } from '../exemplar/exemplar-filter';

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
function collectStream(collect: () => MetricData | undefined, metrics: MetricData[], errors: unknown[], name: string): void {
  try {
    const data = collect();
    if (data !== undefined) metrics.push(data);
  } catch (error) {
    errors.push(describeCallbackFailure(`Collecting the stream of "${name}"`, error));
  }
}

export async function collectForReader(
  shared: ProviderSharedState,
  meters: Iterable<MeterImpl>,
  readerIndex: number,
  timeoutMillis: number,
): Promise<CollectionResult> {
  lookUpApiRegistry(); // a context manager registered since is seen by the next measurement (exemplar filter)
  const meterList = [...meters];
  const round = new ObservationRound();
  const errors = await runCallbacks(meterList, round, timeoutMillis);
  round.seal();
  const now = hrTime();
  const scopeMetrics: ScopeMetrics[] = [];
  for (const meter of meterList) {
    const metrics: MetricData[] = [];
    for (const instrument of meter.observableInstruments) {
      const complete = round.isComplete(instrument);
      for (const accumulator of instrument.byReader[readerIndex] ?? []) {
        collectStream(() => accumulator.collect(round.observations(instrument), now, complete), metrics, errors, instrument.name);
      }
    }
    for (const instrument of meter.syncInstruments) {
      for (const accumulator of instrument.byReader[readerIndex] ?? []) {
        collectStream(() => accumulator.collect(now), metrics, errors, instrument.descriptor.name);
      }
    }
    if (metrics.length > 0) scopeMetrics.push({ scope: meter.scope as InstrumentationScope, metrics });
  }
  return { resourceMetrics: { resource: shared.resource, scopeMetrics }, errors };
}
