// What the instrumented app (instrumented-app.ts, a separate process) is told to do, shared
// with the harness that starts it.

export interface AppConfig {
  protocol: 'http' | 'grpc';
  /** HTTP: base URL (`/v1/metrics` is appended); gRPC: `http://host:port`. */
  endpoint: string;
  exportIntervalMillis: number;
  /** Budget of one reader run. */
  exportTimeoutMillis: number;
  /** The exporter's budget for one request, retries included. */
  exporterTimeoutMillis: number;
  shutdownTimeoutMillis: number;
  /** Measurements per tick and tick length: the recording rate. */
  recordsPerTick: number;
  tickMillis: number;
  /** Distinct attribute sets recorded in rotation. */
  series: number;
  /** Also give every tick's first measurement a never-seen attribute value (series churn). */
  churn: boolean;
  statsEveryMillis?: number;
  /** Run gc() before heap samples (needs --expose-gc); the soak does, for a readable slope. */
  gcBeforeSample?: boolean;
  /** Heap sampling period (default 500 ms). With gc() the pauses show in the lag figures, so the soak samples rarely. */
  heapSampleEveryMillis?: number;
}

export const METRIC_NAME = 'fault.records';
