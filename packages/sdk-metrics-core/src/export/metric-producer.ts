import type { CollectionResult } from '../data/metric-data';

/** Options of {@link MetricProducer.collect}. */
export interface MetricCollectOptions {
  timeoutMillis?: number;
}

/** A source of metric data a reader collects from: the SDK itself, or a bridge from another library. */
export interface MetricProducer {
  /** Collects the producer's metrics once. */
  collect(options?: MetricCollectOptions): Promise<CollectionResult>;
}
