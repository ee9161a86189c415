import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MetricReader,
  type AggregationTemporalitySelector,
  type MetricData,
  type MetricReaderOptions,
  type ResourceMetrics,
} from '../src';

/** A pull reader for tests: collect() on demand. */
export class TestReader extends MetricReader {
  constructor(options: MetricReaderOptions & { temporality?: AggregationTemporality } = {}) {
    const temporality = options.temporality;
    const selector: AggregationTemporalitySelector | undefined =
      temporality === undefined ? options.aggregationTemporalitySelector : () => temporality;
    super({ ...options, aggregationTemporalitySelector: selector });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}

  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'collection errors');
    return allMetrics(resourceMetrics);
  }

  async metric(name: string): Promise<MetricData | undefined> {
    return (await this.metrics()).find((m) => m.descriptor.name === name);
  }
}

export function allMetrics(resourceMetrics: ResourceMetrics): MetricData[] {
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

/** Data points of a metric as [attributes, value] pairs, sorted by attributes for stable asserts. */
export function pointsOf(metric: MetricData | undefined): Array<[Record<string, unknown>, unknown]> {
  if (metric === undefined) return [];
  return (metric.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>)
    .map((p): [Record<string, unknown>, unknown] => [p.attributes, p.value])
    .sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0])));
}

export function hrToNanos(t: [number, number]): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

/** Captures diag messages for the duration of a test. */
export function captureDiag(): { messages: Array<{ level: string; message: string }>; restore: () => void } {
  const messages: Array<{ level: string; message: string }> = [];
  const record = (level: string) => (message: string, ...args: unknown[]) =>
    messages.push({ level, message: [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ') });
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { messages, restore: () => diag.disable() };
}

export const DELTA = AggregationTemporality.DELTA;
export const CUMULATIVE = AggregationTemporality.CUMULATIVE;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
