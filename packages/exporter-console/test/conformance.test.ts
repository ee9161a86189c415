// The push exporter conformance suite of @meterkit/sdk-metrics-core/testing, run against the
// console exporter. Its "receiver" is the output stream: one that keeps what it is given, one
// that never finishes a write, one whose writes fail, one whose write() throws.
import { Writable } from 'stream';
import { DELTA_TEMPORALITY_SELECTOR } from '@meterkit/sdk-metrics-core';
import { exporterConformanceSuite, type ConformancePoint, type ReceiverBehaviour } from '@meterkit/sdk-metrics-core/testing';
import { ConsoleMetricExporter, type ConsoleMetricExporterStream } from '../src';
import { CaptureStream } from './helpers';

const KINDS: Record<string, string> = { sum: 'sum', gauge: 'gauge', histogram: 'histogram', exponential_histogram: 'exponentialHistogram' };

/** OTLP's temporality numbers (1 delta, 2 cumulative), or a name that contains one of the two. */
function temporalityName(printed: unknown): 'delta' | 'cumulative' | undefined {
  if (printed === 1 || /delta/i.test(String(printed))) return 'delta';
  if (printed === 2 || /cumulative/i.test(String(printed))) return 'cumulative';
  return undefined;
}

/** The points of every `json`-format line printed so far, in the common shape. */
function pointsOf(lines: string[]): ConformancePoint[] {
  const points: ConformancePoint[] = [];
  for (const line of lines) {
    for (const rm of JSON.parse(line).resource_metrics) {
      for (const sm of rm.scope_metrics) {
        for (const m of sm.metrics) {
          for (const p of m.data.data_points) {
            points.push({
              name: m.name,
              kind: KINDS[m.type] ?? m.type,
              unit: m.unit,
              description: m.description,
              temporality: temporalityName(m.data.aggregation_temporality),
              isMonotonic: m.data.is_monotonic,
              attributes: p.attributes,
              value: p.value,
              count: p.count,
              sum: p.sum,
              min: p.min,
              max: p.max,
              bucketCounts: p.bucket_counts,
              explicitBounds: p.explicit_bounds,
              resource: rm.resource.attributes,
              scopeName: sm.scope.name,
            });
          }
        }
      }
    }
  }
  return points;
}

function streamFor(behaviour: ReceiverBehaviour): { stream: ConsoleMetricExporterStream; lines: () => string[] } {
  switch (behaviour) {
    case 'accept': {
      const capture = new CaptureStream();
      return { stream: capture, lines: () => capture.lines };
    }
    case 'hang':
      // Takes the write and never calls back: a pipe whose reader stopped reading.
      return { stream: new Writable({ write() {} }), lines: () => [] };
    case 'reject':
      return { stream: new Writable({ write: (_chunk, _enc, callback) => callback(new Error('EPIPE: broken pipe')) }), lines: () => [] };
    case 'unreachable':
      return {
        stream: {
          write() {
            throw new Error('write after end');
          },
        },
        lines: () => [],
      };
  }
}

exporterConformanceSuite({
  name: 'ConsoleMetricExporter',
  async create({ behaviour, temporalityPreference, timeoutMillis }) {
    const { stream, lines } = streamFor(behaviour);
    const exporter = new ConsoleMetricExporter({
      stream,
      format: 'json',
      timeoutMillis,
      ...(temporalityPreference === 'delta' ? { temporalitySelector: DELTA_TEMPORALITY_SELECTOR } : {}),
    });
    return { exporter, received: () => pointsOf(lines()), close: async () => {} };
  },
});
