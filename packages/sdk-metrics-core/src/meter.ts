// A Meter creates instruments for one instrumentation scope and checks their names and
// duplicate registrations the way the specification asks. What an instrument writes to (its
// streams and accumulators, per reader) comes from the meter's pipeline (pipeline/).
import {
  diag,
  ValueType,
  type BatchObservableCallback,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  type MetricAdvice,
  type MetricOptions,
  type Observable,
  type ObservableCounter,
  type ObservableGauge,
  type ObservableUpDownCounter,
  type UpDownCounter,
} from '@opentelemetry/api';
import { createNoopMeter } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { InstrumentType } from './data/metric-data';
import type { InstrumentDescriptor } from './data/instrument-descriptor';
import { describeInvalidName, isValidInstrumentName } from './util/instrument-name';
import { MeasurementCheck } from './instruments/measurement-check';
import { SyncInstrumentState } from './instruments/sync-instrument-state';
import {
  CounterInstrument,
  GaugeInstrument,
  HistogramInstrument,
  UpDownCounterInstrument,
} from './instruments/sync-instruments';
import { ObservableInstrument } from './instruments/observable-instruments';
import { MeterPipeline } from './pipeline/meter-pipeline';
import type { ProviderSharedState } from './state/provider-shared-state';
import { filterMode } from './exemplar/exemplar-filter';

/** The advice of an instrument created without any: one frozen object shared by all of them (about 50 bytes each). */
const NO_ADVICE: MetricAdvice = Object.freeze({});

const NOOP_METER = createNoopMeter();

interface Registration {
  descriptor: InstrumentDescriptor;
  instrument: unknown;
}

export interface BatchCallbackRegistration {
  callback: BatchObservableCallback;
  observables: Set<Observable>;
}

export class MeterImpl implements Meter {
  /** Instrument states in registration order: what a collection walks. */
  readonly syncInstruments: SyncInstrumentState[] = [];
  readonly observableInstruments: ObservableInstrument[] = [];
  readonly batchCallbacks: BatchCallbackRegistration[] = [];
  private readonly registrations = new Map<string, Registration[]>();
  private readonly pipeline: MeterPipeline;

  constructor(
    private readonly shared: ProviderSharedState,
    readonly scope: InstrumentationScope,
  ) {
    this.pipeline = new MeterPipeline(shared, scope);
  }

  createCounter(name: string, options?: MetricOptions): Counter {
    return this.registerSync(InstrumentType.COUNTER, name, options, (s) => new CounterInstrument(s)) ?? NOOP_METER.createCounter(name);
  }
  createUpDownCounter(name: string, options?: MetricOptions): UpDownCounter {
    return this.registerSync(InstrumentType.UP_DOWN_COUNTER, name, options, (s) => new UpDownCounterInstrument(s)) ?? NOOP_METER.createUpDownCounter(name);
  }
  createHistogram(name: string, options?: MetricOptions): Histogram {
    return this.registerSync(InstrumentType.HISTOGRAM, name, options, (s) => new HistogramInstrument(s)) ?? NOOP_METER.createHistogram(name);
  }
  createGauge(name: string, options?: MetricOptions): Gauge {
    return this.registerSync(InstrumentType.GAUGE, name, options, (s) => new GaugeInstrument(s)) ?? NOOP_METER.createGauge(name);
  }
  createObservableCounter(name: string, options?: MetricOptions): ObservableCounter {
    return this.registerObservable(InstrumentType.OBSERVABLE_COUNTER, name, options) ?? NOOP_METER.createObservableCounter(name);
  }
  createObservableUpDownCounter(name: string, options?: MetricOptions): ObservableUpDownCounter {
    return this.registerObservable(InstrumentType.OBSERVABLE_UP_DOWN_COUNTER, name, options) ?? NOOP_METER.createObservableUpDownCounter(name);
  }
  createObservableGauge(name: string, options?: MetricOptions): ObservableGauge {
    return this.registerObservable(InstrumentType.OBSERVABLE_GAUGE, name, options) ?? NOOP_METER.createObservableGauge(name);
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    if (this.shared.isShutdown || typeof callback !== 'function') return;
    const own = this.ownObservables(observables);
    if (own.length !== observables.length) {
      diag.warn('addBatchObservableCallback(): some observables were not created by this meter; they are ignored');
    }
    const set = new Set<Observable>(own);
    if (this.batchCallbacks.some((r) => r.callback === callback && sameSet(r.observables, set))) return;
    this.batchCallbacks.push({ callback, observables: set });
  }

  removeBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    // Filtered as on registration, so that a list naming another meter's observables
    // finds the registration it made.
    const set = new Set<Observable>(this.ownObservables(observables));
    const index = this.batchCallbacks.findIndex((r) => r.callback === callback && sameSet(r.observables, set));
    if (index >= 0) this.batchCallbacks.splice(index, 1);
  }

  /** The observables of `observables` that this meter created (the only ones a batch callback may observe). */
  private ownObservables(observables: readonly Observable[]): ObservableInstrument[] {
    if (!Array.isArray(observables)) return [];
    return observables.filter((o): o is ObservableInstrument => o instanceof ObservableInstrument && this.observableInstruments.includes(o));
  }

  /** Provider shutdown: every instrument becomes a no-op. */
  disable(): void {
    for (const s of this.syncInstruments) s.disable();
    for (const o of this.observableInstruments) o.disable();
    this.batchCallbacks.length = 0;
  }

  private describe(type: InstrumentType, name: string, options: MetricOptions | undefined): InstrumentDescriptor | undefined {
    if (!isValidInstrumentName(name)) {
      diag.error(`Meter "${this.scope.name}": ${describeInvalidName(name)}; a no-op instrument is returned`);
      return undefined;
    }
    let valueType = options?.valueType ?? ValueType.DOUBLE;
    if (valueType !== ValueType.INT && valueType !== ValueType.DOUBLE) {
      diag.warn(`Instrument "${name}": unknown valueType ${String(valueType)}, using DOUBLE`);
      valueType = ValueType.DOUBLE;
    }
    return {
      name,
      type,
      description: typeof options?.description === 'string' ? options.description : '',
      unit: typeof options?.unit === 'string' ? options.unit : '',
      valueType,
      advice: options?.advice ?? NO_ADVICE,
    };
  }

  /**
   * Identical registrations return the first instrument; conflicting ones (same name,
   * different kind, unit, description or value type) are reported and get their own.
   */
  private findRegistered(descriptor: InstrumentDescriptor): unknown {
    const key = descriptor.name.toLowerCase();
    const existing = this.registrations.get(key) ?? [];
    for (const r of existing) {
      const d = r.descriptor;
      if (d.type === descriptor.type && d.unit === descriptor.unit && d.description === descriptor.description && d.valueType === descriptor.valueType) {
        return r.instrument;
      }
    }
    if (existing.length > 0) {
      const d = existing[0].descriptor;
      diag.warn(
        `Meter "${this.scope.name}": instrument "${descriptor.name}" (${descriptor.type}, unit "${descriptor.unit}", ` +
          `description "${descriptor.description}") conflicts with the already registered "${d.name}" (${d.type}, ` +
          `unit "${d.unit}", description "${d.description}"); both are exported as separate streams. ` +
          'Use a view to rename one of them.',
      );
    }
    return undefined;
  }

  private remember(descriptor: InstrumentDescriptor, instrument: unknown): void {
    const key = descriptor.name.toLowerCase();
    const list = this.registrations.get(key) ?? [];
    list.push({ descriptor, instrument });
    this.registrations.set(key, list);
  }

  /**
   * What both kinds of registration share: validation and the duplicate lookup. Returns the
   * already registered instrument, undefined for a no-op, or the descriptor of a new one.
   */
  private prepare(type: InstrumentType, name: string, options: MetricOptions | undefined): InstrumentDescriptor | { existing: unknown } | undefined {
    if (this.shared.isShutdown) return undefined;
    const descriptor = this.describe(type, name, options);
    if (descriptor === undefined) return undefined;
    const existing = this.findRegistered(descriptor);
    return existing !== undefined ? { existing } : descriptor;
  }

  private registerSync<T>(
    type: InstrumentType,
    name: string,
    options: MetricOptions | undefined,
    make: (state: SyncInstrumentState) => T,
  ): T | undefined {
    const prepared = this.prepare(type, name, options);
    if (prepared === undefined || 'existing' in prepared) return prepared?.existing as T | undefined;
    const check = new MeasurementCheck(prepared);
    const { writers, byReader } = this.pipeline.syncAccumulators(prepared, check);
    const state = new SyncInstrumentState(prepared, check, writers, byReader, filterMode(this.shared.exemplarFilter));
    this.syncInstruments.push(state);
    const instrument = make(state);
    this.remember(prepared, instrument);
    return instrument;
  }

  private registerObservable(type: InstrumentType, name: string, options: MetricOptions | undefined): ObservableInstrument | undefined {
    const prepared = this.prepare(type, name, options);
    if (prepared === undefined || 'existing' in prepared) return prepared?.existing as ObservableInstrument | undefined;
    const check = new MeasurementCheck(prepared);
    const instrument = new ObservableInstrument(prepared, check, this.pipeline.asyncAccumulators(prepared, check));
    this.observableInstruments.push(instrument);
    this.remember(prepared, instrument);
    return instrument;
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
