// The four synchronous instruments. Their methods are the recording hot path: an inline
// value check, then a write to each accumulator of the instrument (usually exactly one).
import type { Attributes, Context, Counter, Gauge, Histogram, UpDownCounter } from '@opentelemetry/api';
import type { SyncInstrumentState } from './sync-instrument-state';
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

  /** @internal */
  constructor(protected readonly _state: SyncInstrumentState) {
    this._isInt = _state.check.isInt;
  }

  /** @internal Records a checked value on the series of `attributes`, in every stream of the instrument. */
  protected _write(value: number, attributes: Attributes | undefined): void {
    if (this._isInt && value % 1 !== 0) value = this._state.check.truncate(value);
    const writers = this._state.writers;
    // Attributes are the caller's objects (getters, proxies) and may run a view's custom
    // attribute processor: whatever throws there is reported, never thrown into the app.
    try {
      for (let i = 0; i < writers.length; i++) writers[i].record(value, attributes);
    } catch (error) {
      this._state.check.failed(error);
    }
  }
}

/** meterkit's Counter: the API's `Counter` plus `bind(attributes)` (cast the API's type to use it). */
export class CounterInstrument extends SyncInstrument implements Counter {
  add(value: number, attributes?: Attributes, _context?: Context): void {
    if (!isNonNegativeNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes);
  }

  /** meterkit extension: a handle recording to one attribute set with no lookup. */
  bind(attributes?: Attributes): BoundCounter {
    return new BoundCounterHandle(this._state, attributes, this._state.check);
  }
}

/** meterkit's UpDownCounter: the API's `UpDownCounter` plus `bind(attributes)`. */
export class UpDownCounterInstrument extends SyncInstrument implements UpDownCounter {
  add(value: number, attributes?: Attributes, _context?: Context): void {
    if (!isFiniteNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundUpDownCounter {
    return new BoundUpDownCounterHandle(this._state, attributes, this._state.check);
  }
}

/** meterkit's Histogram: the API's `Histogram` plus `bind(attributes)`. */
export class HistogramInstrument extends SyncInstrument implements Histogram {
  record(value: number, attributes?: Attributes, _context?: Context): void {
    if (!isNonNegativeNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundHistogram {
    return new BoundHistogramHandle(this._state, attributes, this._state.check);
  }
}

/** meterkit's Gauge: the API's `Gauge` plus `bind(attributes)`. */
export class GaugeInstrument extends SyncInstrument implements Gauge {
  record(value: number, attributes?: Attributes, _context?: Context): void {
    if (!isFiniteNumber(value)) return this._state.check.reject(value);
    this._write(value, attributes);
  }

  /** A handle that records on one attribute set with no lookup; valid until `unbind()`. */
  bind(attributes?: Attributes): BoundGauge {
    return new BoundGaugeHandle(this._state, attributes, this._state.check);
  }
}
