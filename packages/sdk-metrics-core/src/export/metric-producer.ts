import type { CollectionResult } from '../data/metric-data';

export interface MetricCollectOptions {
  timeoutMillis?: number;
}

/** A source of metric data a reader collects from: the SDK itself, or a bridge from another library. */
export interface MetricProducer {
  collect(options?: MetricCollectOptions): Promise<CollectionResult>;
}
