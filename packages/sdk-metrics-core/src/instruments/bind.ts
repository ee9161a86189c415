// `bind(instrument, attributes)`: bound instruments without a cast. Application code holds
// instruments typed by @opentelemetry/api (Counter, Histogram, ...), which have no `bind`;
// casting to meterkit's classes lies whenever meterkit is not the provider that made the
// instrument (the API's no-op meter before a provider is registered, unit tests, another
// SDK) and `bind is not a function` then crashes the app. This helper returns meterkit's
// bound handle when the instrument is meterkit's, and otherwise a handle that calls the
// instrument's own `add`/`record` with the same attributes, so plain OpenTelemetry
// semantics (including "records nothing" on a no-op meter) are kept.
import { diag, type Attributes, type Context, type Counter, type Gauge, type Histogram, type UpDownCounter } from '@opentelemetry/api';
import type { BoundCounter, BoundGauge, BoundHistogram, BoundUpDownCounter } from './bound-instrument';
import { CounterInstrument, GaugeInstrument, HistogramInstrument, UpDownCounterInstrument } from './sync-instruments';

/**
 * Brand on meterkit's synchronous instrument classes. `instanceof` alone would miss
 * instruments made by another copy of this package (the CommonJS and ESM builds loaded side
 * by side, or two installed versions); `Symbol.for` is shared by every copy, and each copy
 * brands its own classes when it is loaded (before it can create any instrument).
 */
const BINDABLE = Symbol.for('@meterkit/sdk-metrics-core/bindable');
for (const cls of [CounterInstrument, UpDownCounterInstrument, HistogramInstrument, GaugeInstrument]) {
  Object.defineProperty(cls.prototype, BINDABLE, { value: true });
}

/** A synchronous instrument of @opentelemetry/api, whatever implementation made it. */
export type SyncInstrument = Counter | UpDownCounter | Histogram | Gauge;

/** The bound handle type for an instrument type: add() for counters, record() for the others. */
export type BoundFor<T> = T extends {
  /** A counter's add: such an instrument binds to a {@link BoundCounter}. */
  add(value: number, ...rest: never[]): void;
}
  ? BoundCounter
  : T extends {
        /** A histogram's or gauge's record: such an instrument binds to a {@link BoundHistogram}. */
        record(value: number, ...rest: never[]): void;
      }
    ? BoundHistogram
    : never;

/** An instrument known to be meterkit's, with its `bind` method. */
export type Bindable<T extends SyncInstrument> = T & {
  /** A bound handle recording with `attributes` (see {@link bind}). */
  bind(attributes?: Attributes): BoundFor<T>;
};

/** True when `instrument` was made by meterkit (any copy of it) and so has a real `bind`. */
export function isBindable<T extends SyncInstrument>(instrument: T): instrument is Bindable<T> {
  return (
    typeof instrument === 'object' &&
    instrument !== null &&
    (instrument as { [BINDABLE]?: boolean })[BINDABLE] === true &&
    typeof (instrument as { bind?: unknown }).bind === 'function'
  );
}

/**
 * A handle recording to one attribute set. With a meterkit instrument it is meterkit's bound
 * handle (no lookup per measurement); with any other implementation each measurement is the
 * instrument's own `add`/`record` with a copy of `attributes` taken now. `unbind()` releases
 * the series; measurements through the handle are ignored afterwards, on either path.
 */
export function bind<A extends Attributes>(instrument: Counter<A>, attributes?: A): BoundCounter;
export function bind<A extends Attributes>(instrument: UpDownCounter<A>, attributes?: A): BoundUpDownCounter;
export function bind<A extends Attributes>(instrument: Histogram<A>, attributes?: A): BoundHistogram;
export function bind<A extends Attributes>(instrument: Gauge<A>, attributes?: A): BoundGauge;
export function bind(instrument: SyncInstrument, attributes?: Attributes): BoundCounter | BoundHistogram {
  if (isBindable(instrument)) return instrument.bind(attributes);
  // Copied so that mutating the caller's object later cannot move the handle to another
  // series, as with meterkit's own handles (which key the set at bind time).
  const fixed: Attributes | undefined = attributes === undefined ? undefined : { ...attributes };
  const target = instrument as Partial<Counter & Histogram> | null | undefined;
  if (typeof target?.add === 'function') return new AddingHandle(target as Counter, fixed);
  if (typeof target?.record === 'function') return new RecordingHandle(target as Histogram, fixed);
  // Not an instrument at all: reported once here, at bind time; the handle records nothing,
  // because recording never throws into the application.
  diag.warn(`bind(): ${String(instrument)} is not a synchronous instrument (no add() or record()); measurements through the handle are dropped`);
  return new AddingHandle(undefined, fixed);
}

/** Fallback for Counter / UpDownCounter of another implementation. */
class AddingHandle implements BoundCounter {
  constructor(
    private target: Counter | undefined,
    private readonly attributes: Attributes | undefined,
  ) {}
  add(value: number, context?: Context): void {
    this.target?.add(value, this.attributes, context);
  }
  unbind(): void {
    this.target = undefined;
  }
}

/** Fallback for Histogram / Gauge of another implementation. */
class RecordingHandle implements BoundHistogram {
  constructor(
    private target: Histogram | undefined,
    private readonly attributes: Attributes | undefined,
  ) {}
  record(value: number, context?: Context): void {
    this.target?.record(value, this.attributes, context);
  }
  unbind(): void {
    this.target = undefined;
  }
}
