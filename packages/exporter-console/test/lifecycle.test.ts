import { Writable } from 'stream';
import { ValueType } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, InstrumentType, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter } from '../src';
import { CaptureStream, exportOnce } from './helpers';

function tiny(): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 'lifecycle' }),
    scopeMetrics: [
      {
        scope: { name: 's' },
        metrics: [
          {
            descriptor: { name: 'g', description: '', unit: '', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [{ startTime: [1, 0], endTime: [1, 5], attributes: {}, value: 1 }],
          },
        ],
      },
    ],
  };
}

describe('ConsoleMetricExporter lifecycle and options', () => {
  it('fails exports after shutdown with an error that says so, and prints nothing', async () => {
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ stream });
    await exporter.shutdown();
    const result = await exportOnce(exporter, tiny());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/export\(\) called after shutdown\(\)/);
    expect(stream.text).toBe('');
    await exporter.shutdown(); // idempotent
  });

  it('forceFlush and shutdown wait for writes still in the stream', async () => {
    const written: string[] = [];
    let release!: () => void;
    const slow = new Writable({
      write(chunk, _enc, callback) {
        release = () => {
          written.push(chunk.toString());
          callback();
        };
      },
    });
    const exporter = new ConsoleMetricExporter({ stream: slow, format: 'json' });
    let result: unknown;
    exporter.export(tiny(), (r) => (result = r));
    let flushed = false;
    const flush = exporter.forceFlush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(flushed).toBe(false);
    expect(result).toBeUndefined();
    release();
    await flush;
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    expect(written).toHaveLength(1);
    await exporter.shutdown();
  });

  it('reports a failing stream as a failed export instead of throwing', async () => {
    const broken = new Writable({
      write(_chunk, _enc, callback) {
        callback(new Error('EPIPE: broken pipe'));
      },
    });
    const exporter = new ConsoleMetricExporter({ stream: broken });
    const first = await exportOnce(exporter, tiny());
    expect(first.code).toBe(ExportResultCode.FAILED);
    expect(first.error?.message).toMatch(/EPIPE/);
    await new Promise((r) => setImmediate(r));
    const second = await exportOnce(exporter, tiny());
    expect(second.code).toBe(ExportResultCode.FAILED);
    expect(second.error?.message).toMatch(/output stream failed earlier: EPIPE/);
    await exporter.shutdown();
    expect(broken.listenerCount('error')).toBe(0);
  });

  it('reports a stream whose write() throws as a failed export', async () => {
    const exporter = new ConsoleMetricExporter({
      stream: {
        write() {
          throw new Error('write exploded');
        },
      },
    });
    const result = await exportOnce(exporter, tiny());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('write exploded');
    await exporter.shutdown();
  });

  it('does not let a throwing result callback escape', async () => {
    const exporter = new ConsoleMetricExporter({ stream: new CaptureStream() });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      exporter.export(tiny(), () => {
        throw new Error('callback bug');
      });
      await exporter.forceFlush();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
      await exporter.shutdown();
    }
  });

  it('defaults to cumulative temporality for every instrument kind', () => {
    const exporter = new ConsoleMetricExporter({ stream: new CaptureStream() });
    for (const type of Object.values(InstrumentType)) {
      expect(exporter.selectAggregationTemporality(type)).toBe(AggregationTemporality.CUMULATIVE);
    }
    return exporter.shutdown();
  });

  it('rejects bad options at construction, naming the option', () => {
    expect(() => new ConsoleMetricExporter({ format: 'yaml' as never })).toThrow(/option "format" must be "pretty" or "json", got "yaml"/);
    expect(() => new ConsoleMetricExporter({ temporality: 7 as never })).toThrow(/option "temporality"/);
    expect(() => new ConsoleMetricExporter({ temporality: AggregationTemporality.DELTA, temporalitySelector: () => AggregationTemporality.DELTA })).toThrow(
      /exclude each other/,
    );
    expect(() => new ConsoleMetricExporter({ stream: {} as never })).toThrow(/option "stream" must be a writable stream/);
    expect(() => new ConsoleMetricExporter({ maxStringLength: 0 })).toThrow(/option "maxStringLength" must be a positive integer/);
    expect(() => new ConsoleMetricExporter({ timeoutMillis: -1 })).toThrow(/option "timeoutMillis" must be a positive number/);
  });
});
