// Options of PeriodicExportingMetricReader and how they resolve: code options are checked
// strictly (a bad value throws at construction), environment variables warn and fall back
// (env.ts), and a timeout longer than the interval is clamped as the official reader does.
import { diag } from '@opentelemetry/api';
import type { PushMetricExporter } from './push-metric-exporter';
import type { MetricProducer } from './metric-producer';
import type { InstrumentType } from '../data/metric-data';
import { InstrumentType as Kind } from '../data/metric-data';
import { DEFAULT_CARDINALITY_LIMIT, type CardinalitySelector } from './selectors';
import { rejectUnknownOptions } from '../util/option-names';
import { readEnvMillis } from './env';

/** Options of {@link PeriodicExportingMetricReader}, named as in `@opentelemetry/sdk-metrics`. */
export interface PeriodicExportingMetricReaderOptions {
  exporter: PushMetricExporter;
  /** Default: OTEL_METRIC_EXPORT_INTERVAL, else 60000. */
  exportIntervalMillis?: number;
  /**
   * Budget of one collect-and-export run. Default: OTEL_METRIC_EXPORT_TIMEOUT, else 30000.
   * Clamped to the interval (with a warning) unless both are given in code, which throws.
   */
  exportTimeoutMillis?: number;
  /** Largest number of data points in one export() call; bigger collections are split (default: no limit). */
  maxExportBatchSize?: number;
  metricProducers?: MetricProducer[];
  /** Cardinality limit per instrument kind (default 2000). */
  cardinalityLimits?: {
    counter?: number;
    gauge?: number;
    histogram?: number;
    upDownCounter?: number;
    observableCounter?: number;
    observableGauge?: number;
    observableUpDownCounter?: number;
    default?: number;
  };
}

const KNOWN_OPTIONS: ReadonlyArray<keyof PeriodicExportingMetricReaderOptions> = [
  'exporter',
  'exportIntervalMillis',
  'exportTimeoutMillis',
  'maxExportBatchSize',
  'metricProducers',
  'cardinalityLimits',
];
const KNOWN_LIMITS = ['counter', 'gauge', 'histogram', 'upDownCounter', 'observableCounter', 'observableGauge', 'observableUpDownCounter', 'default'];

export interface ResolvedReaderOptions {
  exporter: PushMetricExporter;
  intervalMillis: number;
  timeoutMillis: number;
  maxExportBatchSize: number;
  cardinalitySelector?: CardinalitySelector;
}

const COMPONENT = 'PeriodicExportingMetricReader';

export function resolveReaderOptions(options: PeriodicExportingMetricReaderOptions): ResolvedReaderOptions {
  rejectUnknownOptions(options, KNOWN_OPTIONS, COMPONENT);
  const exporter = options?.exporter;
  if (exporter === undefined || exporter === null || typeof exporter.export !== 'function') {
    throw new TypeError(`${COMPONENT} option "exporter" must be a PushMetricExporter`);
  }
  const intervalGiven = options.exportIntervalMillis !== undefined;
  const timeoutGiven = options.exportTimeoutMillis !== undefined;
  const intervalMillis = intervalGiven
    ? checkPositive('exportIntervalMillis', options.exportIntervalMillis)
    : (readEnvMillis('OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000);
  let timeoutMillis = timeoutGiven
    ? checkPositive('exportTimeoutMillis', options.exportTimeoutMillis)
    : (readEnvMillis('OTEL_METRIC_EXPORT_TIMEOUT') ?? 30_000);
  if (timeoutMillis > intervalMillis) {
    if (intervalGiven && timeoutGiven) {
      throw new RangeError(`${COMPONENT} option "exportTimeoutMillis" (${timeoutMillis}) must not exceed "exportIntervalMillis" (${intervalMillis})`);
    }
    // Only one of them (or neither) was chosen in code: the official reader clamps, so do we.
    diag.warn(`${COMPONENT}: export timeout of ${timeoutMillis} ms exceeds the interval of ${intervalMillis} ms; clamping the timeout to the interval`);
    timeoutMillis = intervalMillis;
  }
  let maxExportBatchSize = Infinity;
  if (options.maxExportBatchSize !== undefined) {
    if (!Number.isInteger(options.maxExportBatchSize) || options.maxExportBatchSize <= 0) {
      throw new RangeError(`${COMPONENT} option "maxExportBatchSize" must be a positive integer, got ${String(options.maxExportBatchSize)}`);
    }
    maxExportBatchSize = options.maxExportBatchSize;
  }
  return { exporter, intervalMillis, timeoutMillis, maxExportBatchSize, cardinalitySelector: cardinalitySelector(options.cardinalityLimits) };
}

function checkPositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${COMPONENT} option "${name}" must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function cardinalitySelector(limits: PeriodicExportingMetricReaderOptions['cardinalityLimits']): CardinalitySelector | undefined {
  if (limits === undefined) return undefined;
  rejectUnknownOptions(limits, KNOWN_LIMITS, `${COMPONENT} cardinalityLimits`);
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new RangeError(`${COMPONENT} option "cardinalityLimits.${key}" must be a positive integer, got ${String(value)}`);
    }
  }
  const fallback = limits.default ?? DEFAULT_CARDINALITY_LIMIT;
  const byKind: Record<InstrumentType, number | undefined> = {
    [Kind.COUNTER]: limits.counter,
    [Kind.GAUGE]: limits.gauge,
    [Kind.HISTOGRAM]: limits.histogram,
    [Kind.UP_DOWN_COUNTER]: limits.upDownCounter,
    [Kind.OBSERVABLE_COUNTER]: limits.observableCounter,
    [Kind.OBSERVABLE_GAUGE]: limits.observableGauge,
    [Kind.OBSERVABLE_UP_DOWN_COUNTER]: limits.observableUpDownCounter,
  };
  return (type) => byKind[type] ?? fallback;
}
