// The application under test of the fault tests and the soak, run as its own process: it
// records at a steady high rate, exports through the fault proxy, and shuts down with the
// README's SIGTERM pattern. It reports on stdout, one JSON object per line:
//   {"type":"ready"}            set up, recording
//   {"type":"stats",...}        every statsEveryMillis (soak)
//   {"type":"report",...}       after shutdown settled: totals, lag, heap, shutdown time
// The process is never ended with process.exit(): whether it exits by itself once shutdown
// settled is part of what the tests check.
import { monitorEventLoopDelay } from 'perf_hooks';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@meterkit/sdk-metrics-core';
import type * as HttpPackage from '@meterkit/exporter-otlp-http';
import type * as GrpcPackage from '@meterkit/exporter-otlp-grpc';
import { METRIC_NAME, type AppConfig } from './app-config';

type Gc = () => void;

function emit(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function main(config: AppConfig): void {
  const exportErrors: string[] = [];
  let unhandledRejections = 0;
  process.on('unhandledRejection', (reason) => {
    unhandledRejections++;
    emit({ type: 'unhandled', reason: String(reason) });
  });
  setGlobalErrorHandler((error) => {
    if (exportErrors.length < 50) exportErrors.push(String((error as Error)?.message ?? error));
  });

  const retry = { initialBackoffMillis: 100, maxBackoffMillis: 500 };
  // Only the exporter in use is loaded: start-up time counts in every fault test.
  const exporter: PushMetricExporter =
    config.protocol === 'http'
      ? new (require('@meterkit/exporter-otlp-http') as typeof HttpPackage).OTLPMetricExporter({
          url: `${config.endpoint}/v1/metrics`,
          timeoutMillis: config.exporterTimeoutMillis,
          retry,
        })
      : new (require('@meterkit/exporter-otlp-grpc') as typeof GrpcPackage).OTLPMetricExporter({
          url: config.endpoint,
          timeoutMillis: config.exporterTimeoutMillis,
          retry,
        });
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: config.exportIntervalMillis,
    exportTimeoutMillis: config.exportTimeoutMillis,
  });
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('fault-app').createCounter(METRIC_NAME);

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const gc = (globalThis as { gc?: Gc }).gc;
  const heapSamples: Array<[number, number]> = [];
  const started = Date.now();
  const sampleHeap = () => {
    if (config.gcBeforeSample && gc) gc();
    heapSamples.push([Date.now() - started, process.memoryUsage().heapUsed]);
  };

  let recorded = 0;
  let tick = 0;
  const recorder = setInterval(() => {
    tick++;
    for (let i = 0; i < config.recordsPerTick; i++) {
      const attributes: Record<string, string | number> = { series: (tick * config.recordsPerTick + i) % config.series };
      if (config.churn && i === 0) attributes.churn = `t${tick}`;
      counter.add(1, attributes);
      recorded++;
    }
  }, config.tickMillis);
  const heapTimer = setInterval(sampleHeap, config.heapSampleEveryMillis ?? 500);
  const statsTimer =
    config.statsEveryMillis === undefined
      ? undefined
      : setInterval(() => {
          emit({
            type: 'stats',
            elapsedMillis: Date.now() - started,
            recorded,
            heapUsed: process.memoryUsage().heapUsed,
            lagP99Millis: lag.percentile(99) / 1e6,
            exportErrors: exportErrors.length,
          });
        }, config.statsEveryMillis);

  // The shutdown pattern of the root README (Quick start).
  process.once('SIGTERM', () => {
    clearInterval(recorder);
    clearInterval(heapTimer);
    if (statsTimer) clearInterval(statsTimer);
    sampleHeap();
    lag.disable();
    const shutdownStarted = Date.now();
    const report = (outcome: string, error?: unknown) =>
      emit({
        type: 'report',
        outcome,
        error: error === undefined ? undefined : String((error as Error)?.message ?? error),
        recorded,
        shutdownMillis: Date.now() - shutdownStarted,
        lagP99Millis: lag.percentile(99) / 1e6,
        lagMaxMillis: lag.max / 1e6,
        heapSamples,
        exportErrors,
        unhandledRejections,
      });
    provider.shutdown({ timeoutMillis: config.shutdownTimeoutMillis }).then(
      () => {
        report('resolved');
        process.exitCode = 0;
      },
      (error: unknown) => {
        report('rejected', error);
        process.exitCode = 1;
      },
    );
  });
  emit({ type: 'ready' });
}

main(JSON.parse(process.env.FAULT_APP_CONFIG ?? '{}') as AppConfig);
