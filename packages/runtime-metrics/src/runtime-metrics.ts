// Starts the Node.js runtime metrics on a MeterProvider: one batch callback reads every
// observable value once per collection (nothing runs between collections except libuv's
// event-loop delay sampler and V8's GC notifications).
import { availableParallelism } from 'node:os';
import { metrics, type BatchObservableCallback, type Meter, type MeterProvider } from '@opentelemetry/api';
import { rejectUnknownOptions } from '@meterkit/sdk-metrics-core';
import { EventLoopMetrics } from './event-loop';
import { GcMetrics } from './gc';
import { ProcessMetrics } from './process-metrics';
import { V8HeapMetrics } from './v8-heap';
import { VERSION } from './version';

/** Name of the meter the runtime metrics are created on (its version is the package's). */
export const RUNTIME_METRICS_METER_NAME = '@meterkit/runtime-metrics';

/** Options of {@link startRuntimeMetrics}; each is optional. */
export interface RuntimeMetricsOptions {
  /** Where the instruments are created. Default: the global MeterProvider of @opentelemetry/api. */
  meterProvider?: MeterProvider;
  /** Sampling interval of the event-loop delay histogram, in milliseconds (default 10, as instrumentation-runtime-node). */
  eventLoopDelayResolutionMillis?: number;
}

/** Handle returned by {@link startRuntimeMetrics}. */
export interface RuntimeMetrics {
  /** Stops the delay sampler and the GC observer and removes the callback. Idempotent. */
  stop(): void;
}

const OPTION_NAMES = ['meterProvider', 'eventLoopDelayResolutionMillis'] as const;

/**
 * Creates the Node.js runtime metrics (event loop, V8 heap and GC, process CPU and memory)
 * under their semantic-convention names on the global MeterProvider, or on
 * `options.meterProvider`; one batch callback reads them once per collection. Throws a
 * RangeError for a bad `eventLoopDelayResolutionMillis` and an error for an unknown option.
 */
export function startRuntimeMetrics(options: RuntimeMetricsOptions = {}): RuntimeMetrics {
  rejectUnknownOptions(options, OPTION_NAMES, 'startRuntimeMetrics');
  const resolution = options.eventLoopDelayResolutionMillis ?? 10;
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new RangeError(`startRuntimeMetrics option "eventLoopDelayResolutionMillis" must be a positive integer, got ${String(resolution)}`);
  }
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  const meter: Meter = provider.getMeter(RUNTIME_METRICS_METER_NAME, VERSION);
  const eventLoop = new EventLoopMetrics(meter, resolution);
  const heap = new V8HeapMetrics(meter);
  const processMetrics = new ProcessMetrics(meter, availableParallelism());
  const gc = new GcMetrics(meter);
  const callback: BatchObservableCallback = (result) => {
    eventLoop.observe(result);
    heap.observe(result);
    processMetrics.observe(result);
  };
  const observables = [...eventLoop.observables, ...heap.observables, ...processMetrics.observables];
  meter.addBatchObservableCallback(callback, observables);
  let stopped = false;
  return {
    stop(): void {
      if (stopped) return;
      stopped = true;
      meter.removeBatchObservableCallback(callback, observables);
      eventLoop.stop();
      gc.stop();
    },
  };
}
