// The SDK's MeterProvider: owns the resource, the views and the readers, and hands out one
// Meter per instrumentation scope.
import {
  createNoopMeter,
  diag,
  type Attributes,
  type Meter,
  type MeterOptions as ApiMeterOptions,
  type MeterProvider as ApiMeterProvider,
} from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { InstrumentationScope } from './data/metric-data';
import type { IMetricReader } from './export/metric-reader';
import type { MetricCollectOptions } from './export/metric-producer';
import { DEFAULT_COLLECTION_TIMEOUT_MILLIS } from './export/metric-reader';
import { MeterImpl } from './meter';
import { collectForReader } from './state/collector';
import type { ProviderSharedState } from './state/provider-shared-state';
import { detectDefaultResource } from './util/default-resource';
import { rejectUnknownOptions } from './util/option-names';
import { callWithTimeout } from './util/timeout';
import { isView, type View } from './view/view';
import { getViewOptionsCompiler } from './view/view-options-compiler';
import type { ViewOptions } from './view/view-options';
import { DEFAULT_EXEMPLAR_FILTER, isExemplarFilter, lookUpApiRegistry, readExemplarFilterEnv, type ExemplarFilter } from './exemplar/exemplar-filter';

/** Options of {@link MeterProvider}, named as in `@opentelemetry/sdk-metrics`. */
export interface MeterProviderOptions {
  /** Defaults to the default resource (service.name, telemetry.sdk.*) merged with OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME. */
  resource?: Resource;
  /**
   * Views: `createView({...})` from @meterkit/views (or any View implementation), or plain
   * view options as the official SDK takes them once @meterkit/views is loaded, typed as the
   * official `ViewOptions` so that a misspelled option fails to compile (and is checked again at
   * run time by the compiler, for plain JavaScript).
   */
  views?: Array<View | ViewOptions>;
  readers?: IMetricReader[];
  /**
   * Which measurements may become exemplars: `'trace_based'` (default: those recorded while a
   * sampled span is active), `'always_on'` or `'always_off'` (no exemplar work at all). When
   * not given, `OTEL_METRICS_EXEMPLAR_FILTER` (an unknown value there warns and is ignored).
   * The option name is the specification's `ExemplarFilter` / the other SDKs'; the official
   * JavaScript SDK 2.x has no such option (it records no exemplars).
   */
  exemplarFilter?: ExemplarFilter;
}

/**
 * `getMeter` options: @opentelemetry/api 1.9's `MeterOptions` (schemaUrl) plus the scope
 * `attributes` the specification added in 1.13.0, which that API version has no field for.
 * They are exported with the scope (for example as `otel_scope_<key>` Prometheus labels).
 */
export interface MeterOptions extends ApiMeterOptions {
  attributes?: Attributes;
}

/** Options of `forceFlush()`. */
export interface ForceFlushOptions {
  timeoutMillis?: number;
}
/** Options of `shutdown()`. */
export interface ShutdownOptions {
  timeoutMillis?: number;
}

const DEFAULT_TIMEOUT_MILLIS = 30_000;

// A Record over the options type: the list cannot drift from the interface without a compile error.
const METER_PROVIDER_OPTIONS: Record<keyof MeterProviderOptions, true> = { resource: true, views: true, readers: true, exemplarFilter: true };
const METER_PROVIDER_OPTION_NAMES = Object.keys(METER_PROVIDER_OPTIONS);

/** Views as given: View objects, or plain option objects compiled by @meterkit/views. */
function checkViews(views: unknown): View[] {
  if (views === undefined) return [];
  if (!Array.isArray(views)) throw new TypeError('MeterProvider option "views" must be an array of views');
  return views.map((view: unknown, i) => {
    if (isView(view)) return view;
    const compile = getViewOptionsCompiler();
    if (typeof view === 'object' && view !== null && compile !== undefined) return compile(view as ViewOptions);
    throw new TypeError(
      `MeterProvider option "views[${i}]" must be a View, or view options with @meterkit/views installed and ` +
        "loaded (import '@meterkit/views' once, or build the view with its createView({...}))",
    );
  });
}

/** The filter given in code (a wrong value throws, as every option in code does), else the environment's, else the default. */
function checkExemplarFilter(filter: unknown): ExemplarFilter {
  if (filter === undefined) return readExemplarFilterEnv() ?? DEFAULT_EXEMPLAR_FILTER;
  if (!isExemplarFilter(filter)) {
    throw new TypeError(`MeterProvider option "exemplarFilter" must be 'always_on', 'always_off' or 'trace_based', got ${JSON.stringify(filter)}`);
  }
  return filter;
}

/**
 * A frozen copy of the scope attributes with the keys that have a value, or undefined when
 * there are none: a caller mutating its object later must not change an existing meter.
 */
function scopeAttributes(attributes: unknown): Attributes | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    diag.warn('getMeter(): option "attributes" must be an object of attribute values; ignored');
    return undefined;
  }
  const copy: Attributes = {};
  let any = false;
  for (const [key, value] of Object.entries(attributes as Attributes)) {
    if (value === undefined || value === null) continue;
    copy[key] = Array.isArray(value) ? value.slice() : value;
    any = true;
  }
  return any ? Object.freeze(copy) : undefined;
}

/** The attributes in key order: equal sets give equal keys whatever order they were written in. */
function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

/** The SDK's `MeterProvider` of `@opentelemetry/api`: creates meters, holds the resource, the views and the readers; register it with `metrics.setGlobalMeterProvider`. */
export class MeterProvider implements ApiMeterProvider {
  private readonly state: { resource: Resource; views: View[]; readers: IMetricReader[]; exemplarFilter: ExemplarFilter; isShutdown: boolean };
  private readonly meters = new Map<string, MeterImpl>();
  private shutdownPromise?: Promise<void>;

  constructor(options: MeterProviderOptions = {}) {
    rejectUnknownOptions(options, METER_PROVIDER_OPTION_NAMES, 'MeterProvider');
    const readers = options.readers ?? [];
    if (!Array.isArray(readers)) throw new TypeError('MeterProvider option "readers" must be an array of MetricReaders');
    this.state = {
      resource: options.resource ?? detectDefaultResource(),
      views: checkViews(options.views),
      readers: readers.slice(),
      exemplarFilter: checkExemplarFilter(options.exemplarFilter),
      isShutdown: false,
    };
    lookUpApiRegistry(); // see exemplar/exemplar-filter.ts
    const shared: ProviderSharedState = this.state;
    readers.forEach((reader, index) => {
      reader.setMetricProducer({
        collect: (collectOptions?: MetricCollectOptions) =>
          collectForReader(shared, this.meters.values(), index, collectOptions?.timeoutMillis ?? DEFAULT_COLLECTION_TIMEOUT_MILLIS),
      });
    });
  }

  /**
   * The same Meter for the same (name, version, schemaUrl, attributes): the specification
   * calls Meters identical when all their parameters are equal. A no-op Meter after shutdown.
   */
  getMeter(name: string, version = '', options: MeterOptions = {}): Meter {
    if (this.state.isShutdown) {
      diag.warn('MeterProvider is shut down: getMeter() returns a no-op Meter');
      return createNoopMeter();
    }
    if (typeof name !== 'string' || name === '') {
      diag.warn(`getMeter(): invalid meter name ${JSON.stringify(name)}; using an empty name`);
      name = '';
    }
    const schemaUrl = options.schemaUrl ?? '';
    const attributes = scopeAttributes(options.attributes);
    const key = `${name}\u0000${version}\u0000${schemaUrl}\u0000${attributes === undefined ? '' : attributesKey(attributes)}`;
    let meter = this.meters.get(key);
    if (meter === undefined) {
      const scope: InstrumentationScope = { name, version: version || undefined, schemaUrl: schemaUrl || undefined };
      meter = new MeterImpl(this.state, attributes === undefined ? scope : { ...scope, attributes });
      this.meters.set(key, meter);
    }
    return meter;
  }

  /** Flushes every reader (push readers export what has been recorded so far). */
  async forceFlush(options: ForceFlushOptions = {}): Promise<void> {
    if (this.state.isShutdown) {
      diag.warn('MeterProvider.forceFlush() called after shutdown; nothing to flush');
      return;
    }
    const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    await callWithTimeout(
      Promise.all(this.state.readers.map((r) => r.forceFlush({ timeoutMillis }))).then(() => undefined),
      timeoutMillis,
      'MeterProvider forceFlush',
    );
  }

  /**
   * Shuts every reader down (a push reader exports one last time), then turns all meters
   * and instruments into no-ops. Only the first call does anything.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    if (this.shutdownPromise) {
      diag.warn('MeterProvider.shutdown() called more than once; ignoring');
      return this.shutdownPromise;
    }
    const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    this.state.isShutdown = true;
    this.shutdownPromise = callWithTimeout(
      Promise.all(this.state.readers.map((r) => r.shutdown({ timeoutMillis }))).then(() => undefined),
      timeoutMillis,
      'MeterProvider shutdown',
    ).finally(() => {
      for (const meter of this.meters.values()) meter.disable();
    });
    return this.shutdownPromise;
  }
}
