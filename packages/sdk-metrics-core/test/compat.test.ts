import * as path from 'path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufMetricsSerializer, JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import * as official from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '../src';
import { strictTypeErrors } from './support/strict-type-check';
import { TestReader } from './helpers';

function populate(provider: { getMeter(name: string, version?: string): import('@opentelemetry/api').Meter }) {
  const meter = provider.getMeter('compat', '1.0.0');
  meter.createCounter('c', { unit: '{req}', description: 'requests' }).add(5, { route: '/a' });
  meter.createUpDownCounter('u').add(-2);
  meter.createHistogram('h', { unit: 's' }).record(0.25, { route: '/a' });
  meter.createGauge('g').record(7);
  meter.createObservableGauge('og').addCallback((r) => r.observe(3, { cpu: 0 }));
}

describe('compatibility with @opentelemetry/sdk-metrics 2.12', () => {
  it('the data model and exporter shapes are mutually assignable (TypeScript check)', () => {
    const file = path.join(__dirname, 'types', 'compat-assignability.ts');
    const diagnostics = strictTypeErrors(file, { esModuleInterop: true });
    expect(diagnostics).toEqual([]);
  });

  it('enum values are identical', () => {
    expect({ ...AggregationTemporality }).toEqual({ ...official.AggregationTemporality });
    const mk = require('../src');
    expect({ ...mk.DataPointType }).toEqual({ ...official.DataPointType });
    expect({ ...mk.InstrumentType }).toEqual({ ...official.InstrumentType });
    expect({ ...mk.AggregationType }).toEqual({ ...official.AggregationType });
  });

  it('@opentelemetry/otlp-transformer serializes meterkit output, same as the official SDK output', async () => {
    const resource = resourceFromAttributes({ 'service.name': 'compat' });
    const reader = new TestReader();
    populate(new MeterProvider({ readers: [reader], resource }));
    const { resourceMetrics } = await reader.collect();

    const officialReader = new (class extends official.MetricReader {
      protected async onShutdown() {}
      protected async onForceFlush() {}
    })();
    populate(new official.MeterProvider({ readers: [officialReader], resource }));
    const officialResult = await officialReader.collect();

    const ours = JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(resourceMetrics)));
    const theirs = JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(officialResult.resourceMetrics)));
    // Timestamps differ between the two runs; everything else must match.
    const strip = (request: unknown) =>
      JSON.parse(JSON.stringify(request, (key, value) => (/UnixNano$/.test(key) ? undefined : value)));
    const byName = (request: any) => {
      const metrics = request.resourceMetrics[0].scopeMetrics[0].metrics;
      return Object.fromEntries(metrics.map((m: any) => [m.name, m]));
    };
    expect(byName(strip(ours))).toEqual(byName(strip(theirs)));
    expect(strip(ours).resourceMetrics[0].resource).toEqual(strip(theirs).resourceMetrics[0].resource);

    const protobuf = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
    expect(protobuf).toBeInstanceOf(Uint8Array);
    expect(protobuf!.length).toBeGreaterThan(100);
  });

  it('the official InMemoryMetricExporter works behind meterkit’s PeriodicExportingMetricReader', async () => {
    const exporter = new official.InMemoryMetricExporter(official.AggregationTemporality.DELTA);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(2);
    await provider.forceFlush();
    counter.add(3);
    await provider.forceFlush();
    const values = exporter.getMetrics().map((rm) => rm.scopeMetrics[0].metrics[0].dataPoints[0].value);
    expect(values).toEqual([2, 3]); // the exporter's DELTA preference was honoured
    await provider.shutdown();
  });

  it('the official ConsoleMetricExporter works behind a meterkit reader', async () => {
    const lines: unknown[] = [];
    const spy = jest.spyOn(console, 'dir').mockImplementation((value: unknown) => {
      lines.push(value);
    });
    try {
      const reader = new PeriodicExportingMetricReader({ exporter: new official.ConsoleMetricExporter(), exportIntervalMillis: 60_000 });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createCounter('printed').add(1);
      await provider.forceFlush();
      await provider.shutdown();
      expect(JSON.stringify(lines)).toContain('printed');
    } finally {
      spy.mockRestore();
    }
  });

  it('a meterkit exporter works behind the official PeriodicExportingMetricReader', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new official.PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new official.MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(4);
    await provider.forceFlush();
    expect(exporter.getMetrics()[0].scopeMetrics[0].metrics[0].dataPoints[0].value).toBe(4);
    const result = await new Promise<ExportResult>((resolve) => exporter.export(exporter.getMetrics()[0], resolve));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    await provider.shutdown();
  });
});
