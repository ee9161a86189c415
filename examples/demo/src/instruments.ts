// The service's instruments, created ONLY through @opentelemetry/api: this file does not know
// which SDK (if any) is behind the API. Call it after `metrics.setGlobalMeterProvider(...)`:
// the API hands out a no-op meter until a provider is registered, and a no-op instrument
// stays a no-op.
import * as os from 'os';
import { metrics, ValueType, type Attributes, type Counter, type Histogram } from '@opentelemetry/api';

export const METER_NAME = 'meterkit-demo-service';
export const METER_VERSION = '1.0.0';

/** Bounds of the semantic conventions for `http.server.request.duration` (seconds). */
export const HTTP_DURATION_BOUNDARIES_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface ServiceInstruments {
  trafficVolume: Counter<Attributes>;
  errorRate: Counter<Attributes>;
  requestDuration: Histogram<Attributes>;
  requestLatencyMs: Histogram<Attributes>;
}

export function createServiceInstruments(): ServiceInstruments {
  const meter = metrics.getMeter(METER_NAME, METER_VERSION);

  // Unit `{request}` rather than the reference architecture's `request`: in UCUM, `request`
  // is not a unit at all, while a curly-brace annotation is UCUM's way of saying "a count of
  // things" (dimensionless, unit 1, annotated). The semantic conventions write counts this
  // way (`{request}`, `{connection}`), and Prometheus exporters drop annotations, so the
  // series is `request_count_total` rather than `request_count_request_total`.
  const trafficVolume = meter.createCounter('traffic_volume', {
    unit: '{request}',
    description: 'total volume of requests to an endpoint',
    valueType: ValueType.INT,
  });
  const errorRate = meter.createCounter('error_rate', {
    unit: '{request}',
    description: 'rate of failed requests (HTTP 5xx)',
    valueType: ValueType.INT,
  });
  const requestDuration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'latency for a request to be served',
    advice: { explicitBucketBoundaries: HTTP_DURATION_BOUNDARIES_S },
  });
  // The same latency in milliseconds: the histogram the reference architecture's custom
  // buckets [1, 21, 50, 100, 1000] are meant for (see views.ts).
  const requestLatencyMs = meter.createHistogram('request_latency', {
    unit: 'ms',
    description: 'latency for a request to be served, in milliseconds',
  });
  return { trafficVolume, errorRate, requestDuration, requestLatencyMs };
}

/**
 * The process instruments: asynchronous, read by the SDK on each collection. They follow the
 * semantic conventions for `process.*`: CPU time used since the previous reading divided by
 * the elapsed time and the CPUs available, and the resident set size.
 */
export function createProcessInstruments(): void {
  const meter = metrics.getMeter(METER_NAME, METER_VERSION);
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  let lastCpu = process.cpuUsage();
  let lastTime = process.hrtime.bigint();

  meter
    .createObservableGauge('process.cpu.utilization', { unit: '1', description: 'CPU utilization' })
    .addCallback((result) => {
      const cpu = process.cpuUsage();
      const now = process.hrtime.bigint();
      const usedMicros = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      const elapsedMicros = Number(now - lastTime) / 1000;
      lastCpu = cpu;
      lastTime = now;
      if (elapsedMicros > 0) result.observe(Math.min(1, usedMicros / elapsedMicros / cpus));
    });

  // An ObservableUpDownCounter, as in the reference architecture: memory is additive (the
  // usage of several processes sums up) but goes up and down.
  meter
    .createObservableUpDownCounter('process.memory.usage', {
      unit: 'By',
      description: 'total amount of memory used (resident set size)',
      valueType: ValueType.INT,
    })
    .addCallback((result) => result.observe(process.memoryUsage.rss()));
}
