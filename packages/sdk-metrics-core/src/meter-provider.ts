// The SDK's MeterProvider: owns the resource, the views and the readers, and hands out one
// Meter per instrumentation scope.
import { createNoopMeter, diag, type Meter, type MeterOptions, type MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { defaultResource, detectResources, envDetector, type Resource } from '@opentelemetry/resources';
import type { IMetricReader } from './export/metric-reader';
import type { MetricCollectOptions } from './export/metric-producer';
import { DEFAULT_COLLECTION_TIMEOUT_MILLIS } from './export/metric-reader';
import { MeterImpl } from './meter';
import { collectForReader } from './state/collector';
import type { ProviderSharedState } from './state/provider-shared-state';
import { callWithTimeout } from './util/timeout';
import { isView, type View } from './view/view';
import { getViewOptionsCompiler } from './view/view-options-compiler';

/** Options of {@link MeterProvider}, named as in `@opentelemetry/sdk-metrics`. */
export interface MeterProviderOptions {
  /** Defaults to the default resource (service.name, telemetry.sdk.*) merged with OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME. */
  resource?: Resource;
  /**
   * Views: `createView({...})` from @meterkit/views (or any View implementation), or plain
   * view options as the official SDK takes them once @meterkit/views is loaded. `object`, not
   * `Record<string, unknown>`: a value typed with the `ViewOptions` interface has no index
   * signature and must be accepted (the options are checked at run time by the compiler).
   */
  views?: Array<View | object>;
  readers?: IMetricReader[];
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

function detectDefaultResource(): Resource {
  return defaultResource().merge(detectResources({ detectors: [envDetector] }));
}

/** Views as given: View objects, or plain option objects compiled by @meterkit/views. */
function checkViews(views: unknown): View[] {
  if (views === undefined) return [];
  if (!Array.isArray(views)) throw new TypeError('MeterProvider option "views" must be an array of views');
  return views.map((view: unknown, i) => {
    if (isView(view)) return view;
    const compile = getViewOptionsCompiler();
    if (typeof view === 'object' && view !== null && compile !== undefined) return compile(view as Record<string, unknown>);
    throw new TypeError(
      `MeterProvider option "views[${i}]" must be a View, or view options with @meterkit/views installed and ` +
        "loaded (import '@meterkit/views' once, or build the view with its createView({...}))",
    );
  });
}

/** The SDK's `MeterProvider` of `@opentelemetry/api`: creates meters, holds the resource, the views and the readers; register it with `metrics.setGlobalMeterProvider`. */
export class MeterProvider implements ApiMeterProvider {
  private readonly state: { resource: Resource; views: View[]; readers: IMetricReader[]; isShutdown: boolean };
  private readonly meters = new Map<string, MeterImpl>();
  private shutdownPromise?: Promise<void>;

  constructor(options: MeterProviderOptions = {}) {
    const readers = options.readers ?? [];
    if (!Array.isArray(readers)) throw new TypeError('MeterProvider option "readers" must be an array of MetricReaders');
    this.state = {
      resource: options.resource ?? detectDefaultResource(),
      views: checkViews(options.views),
      readers: readers.slice(),
      isShutdown: false,
    };
    const shared: ProviderSharedState = this.state;
    readers.forEach((reader, index) => {
      reader.setMetricProducer({
        collect: (collectOptions?: MetricCollectOptions) =>
          collectForReader(shared, this.meters.values(), index, collectOptions?.timeoutMillis ?? DEFAULT_COLLECTION_TIMEOUT_MILLIS),
      });
    });
  }

  /** The same Meter for the same (name, version, schemaUrl); a no-op Meter after shutdown. */
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
    const key = `${name}\u0000${version}\u0000${schemaUrl}`;
    let meter = this.meters.get(key);
    if (meter === undefined) {
      meter = new MeterImpl(this.state, { name, version: version || undefined, schemaUrl: schemaUrl || undefined });
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
