// The four synchronous instruments. Their methods are the recording hot path: an inline
// value check, then a write to each accumulator of the instrument (usually exactly one).
// Exemplars: the provider's exemplar filter is decided first, from the measurement's context
// (the one passed, else the active one), before any clock read; only a measurement it lets
// through takes the exemplar path (one clock read, then an offer to each series' reservoir).
// With the default trace_based filter and no sampled span that costs a field test and a
// context check (exemplar/exemplar-filter.ts); with always_off, one field test.
import type { Attributes, Context, Counter, Gauge, Histogram, UpDownCounter } from '@opentelemetry/api';
import { clockNow } from '../util/clock';
import type { SyncInstrumentState } from './sync-instrument-state';
import { FILTER_OFF, mayPass, passingContext, type FilterMode } from '../exemplar/exemplar-filter';
import { isFiniteNumber, isNonNegativeNumber } from './measurement-check';
import {
  BoundCounterHandle,
  BoundGaugeHandle,
  BoundHistogramHandle,
  BoundUpDownCounterHandle,
  type BoundCounter,
  type BoundGauge,
  type BoundHistogram,
  type BoundUpDownCounter,
} from './bound-instrument';

abstract class SyncInstrument {
  protected readonly _isInt: boolean;
  private readonly _exemplarMode: FilterMode;

  /** @internal */
  constructor(protected readonly _state: SyncInstrumentState) {
    this._isInt = _state.check.isInt;
    this._exemplarMode = _state.exemplarMode;
  }

  /**
   * @internal Records a checked value on the series of `attributes`, in every stream of the
   * instrument. Kept small (V8 inlines it, with the series lookup and the aggregator's
   * record, into the caller within a fixed bytecode budget): the exemplar path is one inlined
   * test, and everything after it lives in `_writeCandidate`.
   */
  protected _write(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    if (this._isInt && value % 1 !== 0) value = this._state.check.truncate(value);
    const mode = this._exemplarMode;
    if (mode !== FILTER_OFF && mayPass(mode, context)) return this._writeCandidate(value, attributes, context);
    const writers = this._state.writers;
    // Attributes are the caller's objects (getters, proxies) and may run a view's custom
    // attribute processor: whatever throws there is reported, never thrown into the app.
    try {
      for (let i = 0; i < writers.length; i++) writers[i].record(value, attributes);
    } catch (error) {
      this._state.check.failed(error);
    }
  }

  /** A measurement the filter may let through: decided, then recorded (and offered: one clock read) or only recorded. */
  private _writeCandidate(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const writers = this._state.writers;
    const ctx = passingContext(this._exemplarMode, context);
    try {
      if (ctx === undefined) {
        for (let i = 0; i < writers.length; i++) writers[i].record(value, attributes);
        return;
      }
      const timestamp = clockNow();
      for (let i = 0; i < writers.length; i++) writers[i].recordSampled(value, attributes, timestamp, ctx);
    } catch (error) {
      this._state.check.failed(error);
    }
  }
}

/** meterkit's Counter: the API's `Counter` plus `bind(attributes)` (cast the API's type to use it). */
export class CounterInstrument extends SyncInstrument implements Counter {
  add(value: number, attributes?: Attributes, context?: Context): void {
    if (!isNonNegativeNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes, context);
  }

  /** meterkit extension: a handle recording to one attribute set with no lookup. */
  bind(attributes?: Attributes): BoundCounter {
    return new BoundCounterHandle(this._state, attributes);
  }
}

/** meterkit's UpDownCounter: the API's `UpDownCounter` plus `bind(attributes)`. */
export class UpDownCounterInstrument extends SyncInstrument implements UpDownCounter {
  add(value: number, attributes?: Attributes, context?: Context): void {
    if (!isFiniteNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes, context);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundUpDownCounter {
    return new BoundUpDownCounterHandle(this._state, attributes);
  }
}

/** meterkit's Histogram: the API's `Histogram` plus `bind(attributes)`. */
export class HistogramInstrument extends SyncInstrument implements Histogram {
  record(value: number, attributes?: Attributes, context?: Context): void {
    if (!isNonNegativeNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes, context);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundHistogram {
    return new BoundHistogramHandle(this._state, attributes);
  }
}

/** meterkit's Gauge: the API's `Gauge` plus `bind(attributes)`. */
export class GaugeInstrument extends SyncInstrument implements Gauge {
  record(value: number, attributes?: Attributes, context?: Context): void {
    if (!isFiniteNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes, context);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundGauge {
    return new BoundGaugeHandle(this._state, attributes);
  }
}
