// Base class of every reader. Subclass it the way you would subclass the official SDK's
// MetricReader: implement onShutdown/onForceFlush, call collect() when you want data.
import { diag } from '@opentelemetry/api';
import type { AggregationOption } from '../aggregators/aggregation-option';
import type { AggregationTemporality, CollectionResult, InstrumentType } from '../data/metric-data';
import type { MetricCollectOptions, MetricProducer } from './metric-producer';
import {
  DEFAULT_AGGREGATION_SELECTOR,
  DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR,
  DEFAULT_CARDINALITY_SELECTOR,
  type AggregationSelector,
  type AggregationTemporalitySelector,
  type CardinalitySelector,
} from './selectors';
import { callWithTimeout } from '../util/timeout';

/** Options of {@link MetricReader}: the temporality, aggregation and cardinality selectors and extra metric producers. */
export interface MetricReaderOptions {
  aggregationSelector?: AggregationSelector;
  aggregationTemporalitySelector?: AggregationTemporalitySelector;
  cardinalitySelector?: CardinalitySelector;
  /** Extra producers (bridges) whose data is merged into every collection. */
  metricProducers?: MetricProducer[];
}

/** Options of {@link MetricReader.collect}. */
export interface CollectionOptions {
  timeoutMillis?: number;
}
export interface ShutdownOptions {
  timeoutMillis?: number;
}
export interface ForceFlushOptions {
  timeoutMillis?: number;
}

/** How long a collection may wait for asynchronous callbacks when the caller sets no timeout. */
export const DEFAULT_COLLECTION_TIMEOUT_MILLIS = 10_000;
const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 30_000;

/** What a `MeterProvider` needs from a reader (the shape of `@opentelemetry/sdk-metrics`' `IMetricReader`). */
export interface IMetricReader {
  /** Called by the `MeterProvider` when the reader is registered; a reader belongs to one provider. */
  setMetricProducer(metricProducer: MetricProducer): void;
  /** The aggregation this reader uses for an instrument kind. */
  selectAggregation(instrumentType: InstrumentType): AggregationOption;
  /** The temporality this reader exports an instrument kind with. */
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality;
  /** The cardinality limit (series per stream) of an instrument kind for this reader. */
  selectCardinalityLimit(instrumentType: InstrumentType): number;
  /** Collects the metrics of every meter of the provider once. */
  collect(options?: CollectionOptions): Promise<CollectionResult>;
  /** Flushes once more, then stops the reader; later collections fail. */
  shutdown(options?: ShutdownOptions): Promise<void>;
  /** Collects and exports (push readers) what has been recorded so far. */
  forceFlush(options?: ForceFlushOptions): Promise<void>;
}

/** Base class of readers: holds the temporality, aggregation and cardinality choices and collects from the provider it is registered with; subclasses decide when (push) or on whose request (pull). */
export abstract class MetricReader implements IMetricReader {
  private _shutdown = false;
  private _shutdownStarted = false;
  private _sdkMetricProducer?: MetricProducer;
  private readonly _metricProducers: MetricProducer[];
  private readonly _aggregationSelector: AggregationSelector;
  private readonly _aggregationTemporalitySelector: AggregationTemporalitySelector;
  private readonly _cardinalitySelector: CardinalitySelector;

  constructor(options?: MetricReaderOptions) {
    this._aggregationSelector = options?.aggregationSelector ?? DEFAULT_AGGREGATION_SELECTOR;
    this._aggregationTemporalitySelector =
      options?.aggregationTemporalitySelector ?? DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR;
    this._cardinalitySelector = options?.cardinalitySelector ?? DEFAULT_CARDINALITY_SELECTOR;
    this._metricProducers = options?.metricProducers?.slice() ?? [];
  }

  /**
   * Called once by the MeterProvider the reader is registered on. A reader belongs to one
   * provider only (specification): registering it again throws.
   */
  setMetricProducer(metricProducer: MetricProducer): void {
    if (this._sdkMetricProducer) {
      const message = 'MetricReader is already registered on a MeterProvider; a reader can be registered on one provider only';
      diag.error(message);
      throw new Error(message);
    }
    this._sdkMetricProducer = metricProducer;
    this.onInitialized();
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this._aggregationSelector(instrumentType);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this._aggregationTemporalitySelector(instrumentType);
  }

  selectCardinalityLimit(instrumentType: InstrumentType): number {
    return this._cardinalitySelector(instrumentType);
  }

  /** Hook: the reader has been registered on a provider and may start (timers, servers). */
  protected onInitialized(): void {}

  /** What a subclass does on `shutdown()` (a push reader exports one last time and shuts its exporter down). */
  protected abstract onShutdown(): Promise<void>;
  /** What a subclass does on `forceFlush()` (a push reader collects and exports). */
  protected abstract onForceFlush(): Promise<void>;

  /** True once shutdown() was called. */
  protected get isShutdown(): boolean {
    return this._shutdown;
  }

  /** Collects from the SDK and every extra producer, merged into one ResourceMetrics. */
  async collect(options?: CollectionOptions): Promise<CollectionResult> {
    if (this._sdkMetricProducer === undefined) {
      throw new Error('MetricReader is not registered on a MeterProvider; nothing to collect');
    }
    if (this._shutdown) {
      throw new Error('MetricReader is shut down; collect() is no longer possible');
    }
    const collectOptions: MetricCollectOptions = {
      timeoutMillis: options?.timeoutMillis ?? DEFAULT_COLLECTION_TIMEOUT_MILLIS,
    };
    const [sdk, ...extra] = await Promise.all([
      this._sdkMetricProducer.collect(collectOptions),
      ...this._metricProducers.map((producer) =>
        producer.collect(collectOptions).catch((error: unknown) => ({ error })),
      ),
    ]);
    const errors = sdk.errors.slice();
    const scopeMetrics = sdk.resourceMetrics.scopeMetrics.slice();
    for (const result of extra) {
      if ('error' in result) {
        errors.push(result.error);
      } else {
        scopeMetrics.push(...result.resourceMetrics.scopeMetrics);
        errors.push(...result.errors);
      }
    }
    return { resourceMetrics: { resource: sdk.resourceMetrics.resource, scopeMetrics }, errors };
  }

  async shutdown(options?: ShutdownOptions): Promise<void> {
    if (this._shutdownStarted) {
      diag.warn('MetricReader.shutdown() called more than once; ignoring');
      return;
    }
    this._shutdownStarted = true;
    try {
      // onShutdown may still collect (a push reader's final export), so the reader is only
      // marked shut down once it has finished or timed out.
      await callWithTimeout(this.onShutdown(), options?.timeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, 'MetricReader shutdown');
    } finally {
      this._shutdown = true;
    }
  }

  async forceFlush(options?: ForceFlushOptions): Promise<void> {
    if (this._shutdownStarted) {
      diag.warn('MetricReader.forceFlush() called after shutdown; ignoring');
      return;
    }
    await callWithTimeout(this.onForceFlush(), options?.timeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, 'MetricReader forceFlush');
  }
}
