import { int64ToNumber, keyValuesToRecord } from './any-value';
import type { PointKind, ReceivedExemplar, ReceivedPoint } from './types';

const TEMPORALITY: Record<number, 'delta' | 'cumulative' | undefined> = { 1: 'delta', 2: 'cumulative' };

/** Flattens one decoded ExportMetricsServiceRequest (plain-object form) into points. */
export function flattenRequest(body: any, requestIndex: number): ReceivedPoint[] {
  const out: ReceivedPoint[] = [];
  for (const rm of body?.resourceMetrics ?? []) {
    const resource = keyValuesToRecord(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      const scopeName: string = sm.scope?.name ?? '';
      const scopeVersion: string | undefined = sm.scope?.version || undefined;
      for (const metric of sm.metrics ?? []) {
        const kind = metric.data as PointKind | undefined;
        if (!kind) continue; // a metric without data carries no point
        const data = metric[kind];
        const base = {
          resource,
          scopeName,
          scopeVersion,
          name: metric.name as string,
          description: metric.description as string,
          unit: metric.unit as string,
          kind,
          temporality: TEMPORALITY[data.aggregationTemporality as number],
          isMonotonic: kind === 'sum' ? Boolean(data.isMonotonic) : undefined,
          requestIndex,
        };
        for (const dp of data.dataPoints ?? []) {
          out.push({ ...base, ...pointFields(kind, dp) });
        }
      }
    }
  }
  return out;
}

function pointFields(kind: PointKind, dp: any) {
  const common = {
    attributes: keyValuesToRecord(dp.attributes),
    startTimeUnixNano: String(dp.startTimeUnixNano),
    timeUnixNano: String(dp.timeUnixNano),
    exemplarCount: (dp.exemplars ?? []).length,
    exemplars: (dp.exemplars ?? []).map(exemplarFields),
    flags: dp.flags ?? 0,
  };
  switch (kind) {
    case 'sum':
    case 'gauge':
      return {
        ...common,
        value: dp.value === 'asInt' ? int64ToNumber(dp.asInt) : dp.asDouble,
        isInt: dp.value === 'asInt',
      };
    case 'histogram':
      return {
        ...common,
        count: int64ToNumber(dp.count),
        sum: dp.sum ?? undefined,
        min: dp.min ?? undefined,
        max: dp.max ?? undefined,
        bucketCounts: (dp.bucketCounts ?? []).map(int64ToNumber),
        explicitBounds: dp.explicitBounds ?? [],
      };
    case 'exponentialHistogram':
      return {
        ...common,
        count: int64ToNumber(dp.count),
        sum: dp.sum ?? undefined,
        min: dp.min ?? undefined,
        max: dp.max ?? undefined,
        scale: dp.scale,
        zeroCount: int64ToNumber(dp.zeroCount),
        zeroThreshold: dp.zeroThreshold,
        positive: buckets(dp.positive),
        negative: buckets(dp.negative),
      };
    case 'summary':
      return {
        ...common,
        count: int64ToNumber(dp.count),
        sum: dp.sum,
        quantileValues: (dp.quantileValues ?? []).map((q: any) => ({ quantile: q.quantile, value: q.value })),
      };
  }
}

/** An id as hex, from the base64 that toObject gives bytes as; undefined when empty (no span). */
function hexId(base64: unknown): string | undefined {
  if (typeof base64 !== 'string' || base64 === '') return undefined;
  return Buffer.from(base64, 'base64').toString('hex');
}

function exemplarFields(e: any): ReceivedExemplar {
  const isInt = e.value === 'asInt';
  return {
    filteredAttributes: keyValuesToRecord(e.filteredAttributes),
    timeUnixNano: String(e.timeUnixNano),
    value: isInt ? int64ToNumber(e.asInt) : e.asDouble,
    isInt,
    traceId: hexId(e.traceId),
    spanId: hexId(e.spanId),
  };
}

function buckets(b: any): { offset: number; bucketCounts: number[] } {
  return { offset: b?.offset ?? 0, bucketCounts: (b?.bucketCounts ?? []).map(int64ToNumber) };
}
