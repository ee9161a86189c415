// The SDK side: one MeterProvider with three readers at once. Each reader keeps its own
// state, so the console, Prometheus and OTLP each see every measurement.
import { metrics } from '@opentelemetry/api';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type MetricProducer,
} from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter, type ConsoleMetricExporterOptions } from '@meterkit/exporter-console';
import { PrometheusReader } from '@meterkit/reader-prometheus';
import { OTLPMetricExporter as OTLPHttpMetricExporter } from '@meterkit/exporter-otlp-http';
import { OTLPMetricExporter as OTLPGrpcMetricExporter } from '@meterkit/exporter-otlp-grpc';
import { demoViews } from './views';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface TelemetryOptions {
  /** The console exporter's options; absent = no console reader. */
  console?: ConsoleMetricExporterOptions;
  consoleIntervalMs: number;
  prometheusHost: string;
  prometheusPort: number;
  otlpProtocol: OtlpProtocol;
  /** Where OTLP goes; absent = the OTEL_EXPORTER_OTLP_* variables decide (a real collector). */
  otlpUrl?: string;
  otlpIntervalMs: number;
  /**
   * `--workers` mode: a producer of the workers' merged metrics for each reader, in the
   * temporality that reader exports (one producer per reader).
   */
  producerFor?: (temporality: AggregationTemporality) => MetricProducer;
}

export interface Telemetry {
  provider: MeterProvider;
  prometheus: PrometheusReader;
  prometheusUrl: string;
  /** Flushes every push reader (a final export each). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

function createOtlpExporter(protocol: OtlpProtocol, url: string | undefined) {
  if (protocol === 'grpc') return new OTLPGrpcMetricExporter(url === undefined ? {} : { url });
  return new OTLPHttpMetricExporter(url === undefined ? { protocol } : { url, protocol });
}

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const readers: IMetricReader[] = [];
  // The counter's temporality stands for the exporter's: the workers' producer applies one
  // temporality to every stream.
  const producers = (exporter?: { selectAggregationTemporality?: (t: InstrumentType) => AggregationTemporality }) =>
    options.producerFor
      ? { metricProducers: [options.producerFor(exporter?.selectAggregationTemporality?.(InstrumentType.COUNTER) ?? AggregationTemporality.CUMULATIVE)] }
      : {};
  if (options.console) {
    const exporter = new ConsoleMetricExporter(options.console);
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: options.consoleIntervalMs,
        ...producers(exporter),
      }),
    );
  }
  const prometheus = new PrometheusReader({ host: options.prometheusHost, port: options.prometheusPort, ...producers() });
  readers.push(prometheus);
  const otlpExporter = createOtlpExporter(options.otlpProtocol, options.otlpUrl);
  readers.push(
    new PeriodicExportingMetricReader({
      exporter: otlpExporter,
      exportIntervalMillis: options.otlpIntervalMs,
      ...producers(otlpExporter),
    }),
  );

  const provider = new MeterProvider({
    // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES still win, as they would in production.
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': 'meterkit-demo', 'service.version': '1.0.0' }))
      .merge(detectResources({ detectors: [envDetector] })),
    views: demoViews(),
    readers,
  });

  // From here on, `metrics.getMeter()` anywhere in the process returns meterkit meters.
  if (!metrics.setGlobalMeterProvider(provider)) {
    await provider.shutdown();
    throw new Error('a global MeterProvider is already registered in this process (call metrics.disable() first)');
  }

  let address;
  try {
    address = await prometheus.ready;
  } catch (error) {
    metrics.disable();
    await provider.shutdown();
    throw new Error(`the Prometheus endpoint could not listen on ${options.prometheusHost}:${options.prometheusPort}: ${(error as Error).message}`);
  }

  return {
    provider,
    prometheus,
    prometheusUrl: address.url,
    flush: () => provider.forceFlush(),
    async shutdown() {
      // Unregister first, so nothing records into a provider that is shutting down.
      metrics.disable();
      await provider.shutdown();
    },
  };
}
