import { ValueType } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter, OTLP_TEMPORALITY } from '../src';
import { CaptureStream, exportOnce, prettyDocument } from './helpers';

const start: [number, number] = [1713351214, 657218000];
const end: [number, number] = [1713351219, 657419300];

function descriptor(name: string, unit: string) {
  return { name, description: `${name} description`, unit, valueType: ValueType.DOUBLE };
}

function sample(): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 'shape-test', 'service.version': '0.1' }),
    scopeMetrics: [
      {
        scope: { name: 'app.js', version: '0.1', schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
        metrics: [
          {
            descriptor: descriptor('request_count', '{request}'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ startTime: start, endTime: end, attributes: { 'http.route': '/a' }, value: 7 }],
          },
          {
            descriptor: descriptor('process.memory.usage', 'By'),
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.SUM,
            isMonotonic: false,
            dataPoints: [{ startTime: start, endTime: end, attributes: {}, value: 673140736 }],
          },
          {
            descriptor: descriptor('process.cpu.utilization', '1'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [{ startTime: start, endTime: end, attributes: {}, value: 0.25 }],
          },
          {
            descriptor: descriptor('http.server.request.duration', 's'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              {
                startTime: start,
                endTime: end,
                attributes: { method: 'GET' },
                value: { buckets: { boundaries: [1, 21, 50], counts: [1, 2, 0, 1] }, count: 4, sum: 80.5, min: 0.5, max: 60 },
              },
            ],
          },
          {
            descriptor: descriptor('payload.size', 'By'),
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
            dataPoints: [
              {
                startTime: start,
                endTime: end,
                attributes: {},
                value: {
                  count: 3,
                  sum: 7,
                  scale: 1,
                  zeroCount: 1,
                  positive: { offset: 2, bucketCounts: [1, 1] },
                  negative: { offset: 0, bucketCounts: [] },
                  min: 0,
                  max: 4,
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('ConsoleMetricExporter output shape', () => {
  it('prints one single-line OTLP-shaped JSON document per export in json mode', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    expect(await exportOnce(exporter, sample())).toEqual({ code: ExportResultCode.SUCCESS });
    expect(await exportOnce(exporter, sample())).toEqual({ code: ExportResultCode.SUCCESS });
    expect(stream.text.endsWith('\n')).toBe(true);
    expect(stream.lines).toHaveLength(2);
    const doc = JSON.parse(stream.lines[0]);
    expect(Object.keys(doc)).toEqual(['resource_metrics']);
    const rm = doc.resource_metrics[0];
    expect(rm.resource.attributes).toEqual({ 'service.name': 'shape-test', 'service.version': '0.1' });
    expect(rm.scope_metrics[0].scope).toEqual({ name: 'app.js', version: '0.1', schema_url: 'https://opentelemetry.io/schemas/1.26.0' });
    await exporter.shutdown();
  });

  it('prints sums with OTLP temporality numbers, monotonicity and exact nanosecond times', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    await exportOnce(exporter, sample());
    const metrics = JSON.parse(stream.lines[0]).resource_metrics[0].scope_metrics[0].metrics;
    expect(metrics[0]).toEqual({
      name: 'request_count',
      description: 'request_count description',
      unit: '{request}',
      type: 'sum',
      data: {
        data_points: [
          {
            attributes: { 'http.route': '/a' },
            // 64-bit nanosecond values are strings: as numbers they would be rounded.
            start_time_unix_nano: '1713351214657218000',
            time_unix_nano: '1713351219657419300',
            value: 7,
          },
        ],
        aggregation_temporality: OTLP_TEMPORALITY.CUMULATIVE,
        aggregation_temporality_name: 'CUMULATIVE',
        is_monotonic: true,
      },
    });
    expect(OTLP_TEMPORALITY.CUMULATIVE).toBe(2);
    expect(metrics[1].data.aggregation_temporality).toBe(1); // DELTA in OTLP's numbering
    expect(metrics[1].data.aggregation_temporality_name).toBe('DELTA');
    expect(metrics[1].data.is_monotonic).toBe(false);
    expect(metrics[1].data.data_points[0].value).toBe(673140736);
    await exporter.shutdown();
  });

  it('prints gauges without temporality', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    await exportOnce(exporter, sample());
    const gauge = JSON.parse(stream.lines[0]).resource_metrics[0].scope_metrics[0].metrics[2];
    expect(gauge.type).toBe('gauge');
    expect(gauge.unit).toBe('1');
    expect(gauge.data).toEqual({
      data_points: [{ attributes: {}, start_time_unix_nano: '1713351214657218000', time_unix_nano: '1713351219657419300', value: 0.25 }],
    });
    await exporter.shutdown();
  });

  it('prints histogram buckets, count, sum, min and max', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    await exportOnce(exporter, sample());
    const histogram = JSON.parse(stream.lines[0]).resource_metrics[0].scope_metrics[0].metrics[3];
    expect(histogram.type).toBe('histogram');
    expect(histogram.data.aggregation_temporality).toBe(2);
    expect(histogram.data.data_points[0]).toMatchObject({
      attributes: { method: 'GET' },
      count: 4,
      sum: 80.5,
      bucket_counts: [1, 2, 0, 1],
      explicit_bounds: [1, 21, 50],
      min: 0.5,
      max: 60,
    });
    await exporter.shutdown();
  });

  it('prints exponential histograms with scale, zero count and both bucket ranges', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    await exportOnce(exporter, sample());
    const exp = JSON.parse(stream.lines[0]).resource_metrics[0].scope_metrics[0].metrics[4];
    expect(exp.type).toBe('exponential_histogram');
    expect(exp.data.aggregation_temporality).toBe(1);
    expect(exp.data.data_points[0]).toMatchObject({
      count: 3,
      sum: 7,
      scale: 1,
      zero_count: 1,
      positive: { offset: 2, bucket_counts: [1, 1] },
      negative: { offset: 0, bucket_counts: [] },
      min: 0,
      max: 4,
    });
    await exporter.shutdown();
  });

  it('leaves out the optional histogram sum, min and max when the point has none', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ format: 'json', stream });
    const metrics = sample();
    metrics.scopeMetrics[0].metrics = [
      {
        descriptor: descriptor('signed', 'm'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: [{ startTime: start, endTime: end, attributes: {}, value: { buckets: { boundaries: [0], counts: [1, 1] }, count: 2 } }],
      },
    ];
    await exportOnce(exporter, metrics);
    const point = JSON.parse(stream.lines[0]).resource_metrics[0].scope_metrics[0].metrics[0].data.data_points[0];
    expect(point).not.toHaveProperty('sum');
    expect(point).not.toHaveProperty('min');
    expect(point).not.toHaveProperty('max');
    expect(point.bucket_counts).toEqual([1, 1]);
    await exporter.shutdown();
  });

  it('pretty mode (the default) prints a header line, then the same document indented', async () => {
    const jsonStream = new CaptureStream();
    const prettyStream = new CaptureStream();
    const json = new ConsoleMetricExporter({ format: 'json', stream: jsonStream });
    const pretty = new ConsoleMetricExporter({ stream: prettyStream });
    await exportOnce(json, sample());
    await exportOnce(pretty, sample());
    const [header, second] = prettyStream.text.split('\n');
    expect(header).toMatch(/^── meterkit metrics export #1 at .*: 1 scope, 5 metrics, 5 data points ──$/);
    expect(second).toBe('{');
    expect(prettyStream.text).toContain('\n  "resource_metrics": [\n');
    expect(prettyDocument(prettyStream.text)).toEqual(JSON.parse(jsonStream.lines[0]));
    await json.shutdown();
    await pretty.shutdown();
  });
});
