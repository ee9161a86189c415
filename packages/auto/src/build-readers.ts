// Turns a plan into MetricReaders and Views. Nothing here throws: an exporter whose package
// is missing, or that refuses its settings, is reported in one line and left out, and the
// other readers are still built.
import {
  CUMULATIVE_TEMPORALITY_SELECTOR,
  DEFAULT_AGGREGATION_SELECTOR,
  DELTA_TEMPORALITY_SELECTOR,
  InstrumentType,
  LOW_MEMORY_TEMPORALITY_SELECTOR,
  PeriodicExportingMetricReader,
  AggregationType,
  type AggregationSelector,
  type CardinalitySelector,
  type IMetricReader,
  type PushMetricExporter,
  type View,
} from '@meterkit/sdk-metrics-core';
import { createView } from '@meterkit/views';
import type { CardinalityLimitsPlan, ConsoleExporterPlan, HistogramPreference, OtlpExporterPlan, Plan, PrometheusReaderPlan, TemporalityPreference } from './plan';
import { loadOptional } from './optional-module';
import { otlpFileSettingsAsEnv } from './otlp-file-env';
import { variableNamedIn, withOtlpEnv } from './scoped-env';
import { keyPatternsToRegExp } from './key-patterns';
import { warn } from './warn';

type ExporterClass = new (options?: Record<string, unknown>) => PushMetricExporter;

const OTLP_PACKAGES = { grpc: '@meterkit/exporter-otlp-grpc', http: '@meterkit/exporter-otlp-http' } as const;

export function buildReaders(plan: Plan): IMetricReader[] {
  const readers: IMetricReader[] = [];
  plan.readers.forEach((reader, index) => {
    try {
      const built = reader.kind === 'prometheus' ? buildPrometheus(reader) : buildPeriodic(reader, plan.source);
      if (built !== undefined) readers.push(built);
    } catch (error) {
      warn(`metric reader #${index + 1} (${describeReader(reader)}) could not be created and is left out: ${(error as Error).message}`);
    }
  });
  return readers;
}

export function buildViews(plan: Plan): View[] {
  const views: View[] = [];
  plan.views.forEach((options, index) => {
    try {
      views.push(createView(options));
    } catch (error) {
      warn(`meter_provider.views[${index}] is left out: ${(error as Error).message}`);
    }
  });
  return views;
}

function describeReader(reader: Plan['readers'][number]): string {
  if (reader.kind === 'prometheus') return 'prometheus';
  return reader.exporter.kind === 'otlp' ? `otlp ${reader.exporter.protocol}` : 'console';
}

function buildPeriodic(reader: Extract<Plan['readers'][number], { kind: 'periodic' }>, source: Plan['source']): IMetricReader | undefined {
  const exporter = reader.exporter.kind === 'otlp' ? buildOtlp(reader.exporter, source) : buildConsole(reader.exporter);
  if (exporter === undefined) return undefined;
  const interval = reader.intervalMillis ?? 60_000;
  return new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: interval,
    exportTimeoutMillis: Math.min(reader.timeoutMillis ?? 30_000, interval),
    ...(reader.cardinalityLimits === undefined ? {} : { cardinalityLimits: camelCaseLimits(reader.cardinalityLimits) }),
  });
}

function buildOtlp(plan: OtlpExporterPlan, source: Plan['source']): PushMetricExporter | undefined {
  const grpc = plan.protocol === 'grpc';
  const packageName = grpc ? OTLP_PACKAGES.grpc : OTLP_PACKAGES.http;
  const what = source === 'file' ? `the otlp_${grpc ? 'grpc' : 'http'} exporter` : `OTEL_METRICS_EXPORTER=otlp with protocol ${plan.protocol}`;
  const mod = loadOptional<{ OTLPMetricExporter: ExporterClass }>(packageName, what);
  if (mod === undefined) return undefined;
  // The protocol is passed explicitly to the HTTP exporter: already validated here, so a bad
  // OTEL_EXPORTER_OTLP_PROTOCOL cannot make the exporter refuse to start.
  const options = grpc ? {} : { protocol: plan.protocol };
  const otlpEnv = plan.file === undefined ? plan.env : otlpFileSettingsAsEnv(plan.file);
  const hidden: string[] = [];
  // A variable the exporter refuses is dropped (its default used) and construction retried.
  for (;;) {
    try {
      return withOtlpEnv(otlpEnv, hidden, () => new mod.OTLPMetricExporter(options));
    } catch (error) {
      const message = (error as Error).message;
      const variable = variableNamedIn(message);
      if (plan.file !== undefined || variable === undefined || hidden.includes(variable) || hidden.length > 20) throw error;
      warn(`${message}; using the default for ${variable}`);
      hidden.push(variable);
    }
  }
}

function temporalitySelector(preference: TemporalityPreference | undefined) {
  if (preference === 'delta') return DELTA_TEMPORALITY_SELECTOR;
  if (preference === 'low_memory') return LOW_MEMORY_TEMPORALITY_SELECTOR;
  return CUMULATIVE_TEMPORALITY_SELECTOR;
}

function histogramSelector(preference: HistogramPreference | undefined): AggregationSelector {
  if (preference !== 'base2_exponential_bucket_histogram') return DEFAULT_AGGREGATION_SELECTOR;
  return (type) => (type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : DEFAULT_AGGREGATION_SELECTOR(type));
}

function buildConsole(plan: ConsoleExporterPlan): PushMetricExporter | undefined {
  const mod = loadOptional<{ ConsoleMetricExporter: ExporterClass }>('@meterkit/exporter-console', 'the console exporter');
  if (mod === undefined) return undefined;
  const options: Record<string, unknown> = {};
  if (plan.temporality !== undefined) options.temporalitySelector = temporalitySelector(plan.temporality);
  if (plan.histogram !== undefined) options.aggregationSelector = histogramSelector(plan.histogram);
  return new mod.ConsoleMetricExporter(options);
}

interface PrometheusReaderLike extends IMetricReader {
  ready: Promise<{ url: string }>;
}

function buildPrometheus(plan: PrometheusReaderPlan): IMetricReader | undefined {
  const mod = loadOptional<{ PrometheusReader: new (options: Record<string, unknown>) => PrometheusReaderLike }>(
    '@meterkit/reader-prometheus',
    'the prometheus exporter',
  );
  if (mod === undefined) return undefined;
  const options: Record<string, unknown> = { host: plan.host ?? 'localhost', port: plan.port ?? 9464 };
  if (plan.withoutScopeInfo !== undefined) options.withoutScopeInfo = plan.withoutScopeInfo;
  if (plan.withoutTargetInfo !== undefined) options.withoutTargetInfo = plan.withoutTargetInfo;
  if (plan.resourceConstantLabels !== undefined) {
    options.withResourceConstantLabels = keyPatternsToRegExp(plan.resourceConstantLabels.included, plan.resourceConstantLabels.excluded);
  }
  if (plan.cardinalityLimits !== undefined) options.cardinalitySelector = cardinalitySelector(plan.cardinalityLimits);
  const reader = new mod.PrometheusReader(options);
  // The server listens asynchronously; a port already in use must still be heard of.
  reader.ready.catch((error: Error) => warn(`the Prometheus endpoint could not listen on ${String(options.host)}:${String(options.port)}: ${error.message}`));
  return reader;
}

const KIND_KEYS: Record<InstrumentType, keyof CardinalityLimitsPlan> = {
  [InstrumentType.COUNTER]: 'counter',
  [InstrumentType.GAUGE]: 'gauge',
  [InstrumentType.HISTOGRAM]: 'histogram',
  [InstrumentType.UP_DOWN_COUNTER]: 'up_down_counter',
  [InstrumentType.OBSERVABLE_COUNTER]: 'observable_counter',
  [InstrumentType.OBSERVABLE_GAUGE]: 'observable_gauge',
  [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER]: 'observable_up_down_counter',
};

function cardinalitySelector(limits: CardinalityLimitsPlan): CardinalitySelector {
  return (type) => limits[KIND_KEYS[type]] ?? limits.default ?? 2000;
}

function camelCaseLimits(limits: CardinalityLimitsPlan): Record<string, number | undefined> {
  return {
    default: limits.default,
    counter: limits.counter,
    gauge: limits.gauge,
    histogram: limits.histogram,
    upDownCounter: limits.up_down_counter,
    observableCounter: limits.observable_counter,
    observableGauge: limits.observable_gauge,
    observableUpDownCounter: limits.observable_up_down_counter,
  };
}
