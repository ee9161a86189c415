import { metrics, ValueType } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  TimeoutError,
  type PushMetricExporter,
} from '../src';
import { TestReader, captureDiag, pointsOf } from './helpers';

describe('MeterProvider', () => {
  it('returns the same Meter for the same scope and different ones otherwise', () => {
    const provider = new MeterProvider();
    const a = provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
    expect(provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })).toBe(a);
    expect(provider.getMeter('lib', '1.0.1')).not.toBe(a);
    expect(provider.getMeter('lib', '1.0.0')).not.toBe(a);
    expect(provider.getMeter('other')).not.toBe(a);
  });

  it('exports the instrumentation scope with each meter’s metrics', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('lib-a', '2.0.0', { schemaUrl: 'https://example.com/s' }).createCounter('a').add(1);
    provider.getMeter('lib-b').createCounter('b').add(1);
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.scopeMetrics.map((s) => s.scope)).toEqual([
      { name: 'lib-a', version: '2.0.0', schemaUrl: 'https://example.com/s' },
      { name: 'lib-b', version: undefined, schemaUrl: undefined },
    ]);
  });

  it('carries scope attributes (specification 1.13) into the exported scope; they are part of the meter identity', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    const given: Record<string, string | number> = { 'library.mascot': 'gopher', tier: 2 };
    const a = provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://example.com/s', attributes: given });
    // Same attributes in another order: the same meter; other or no attributes: another one.
    expect(provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://example.com/s', attributes: { tier: 2, 'library.mascot': 'gopher' } })).toBe(a);
    expect(provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://example.com/s', attributes: { tier: 3 } })).not.toBe(a);
    expect(provider.getMeter('lib', '1.0.0', { schemaUrl: 'https://example.com/s' })).not.toBe(a);
    a.createCounter('a').add(1);
    given.tier = 99; // the meter keeps the attributes it was created with
    provider.getMeter('plain').createCounter('b').add(1);
    const { resourceMetrics } = await reader.collect();
    const scopes = resourceMetrics.scopeMetrics.map((s) => s.scope);
    expect(scopes).toEqual([
      { name: 'lib', version: '1.0.0', schemaUrl: 'https://example.com/s', attributes: { 'library.mascot': 'gopher', tier: 2 } },
      { name: 'plain', version: undefined, schemaUrl: undefined },
    ]);
    expect('attributes' in scopes[1]!).toBe(false);
  });

  it('uses the detected default resource, including OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', async () => {
    process.env.OTEL_SERVICE_NAME = 'checkout';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=test,team=payments';
    try {
      const reader = new TestReader();
      new MeterProvider({ readers: [reader] });
      const { resourceMetrics } = await reader.collect();
      const attrs = resourceMetrics.resource.attributes;
      expect(attrs['service.name']).toBe('checkout');
      expect(attrs['deployment.environment']).toBe('test');
      expect(attrs['telemetry.sdk.language']).toBe('nodejs');
      expect(attrs['telemetry.sdk.name']).toBe('opentelemetry');
    } finally {
      delete process.env.OTEL_SERVICE_NAME;
      delete process.env.OTEL_RESOURCE_ATTRIBUTES;
    }
  });

  it('uses the given resource as is', async () => {
    const reader = new TestReader();
    new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'svc' }) });
    expect((await reader.collect()).resourceMetrics.resource.attributes).toEqual({ 'service.name': 'svc' });
  });

  it('works as the global provider of @opentelemetry/api', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    try {
      metrics.getMeter('global').createCounter('via.api').add(3);
      expect(pointsOf(await reader.metric('via.api'))).toEqual([[{}, 3]]);
    } finally {
      metrics.disable();
    }
  });

  it('rejects plain view options when @meterkit/views is not loaded, saying what to do', () => {
    expect(() => new MeterProvider({ views: [{ instrumentName: 'x' }] })).toThrow(/views\[0\].*import '@meterkit\/views'/);
    expect(() => new MeterProvider({ views: [42 as never] })).toThrow(/"views\[0\]" must be a View/);
  });
});

describe('instrument registration', () => {
  it('identical registrations return the same instrument, whatever the name case', async () => {
    const reader = new TestReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    const a = meter.createCounter('Requests', { unit: '1' });
    const b = meter.createCounter('requests', { unit: '1' });
    expect(b).toBe(a);
    a.add(1);
    b.add(1);
    const m = await reader.metric('Requests');
    expect(pointsOf(m)).toEqual([[{}, 2]]);
  });

  it('conflicting registrations warn via diag and both still export', async () => {
    const diag = captureDiag();
    try {
      const reader = new TestReader();
      const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
      const counter = meter.createCounter('dup', { unit: 'ms' });
      const histogram = meter.createHistogram('dup', { unit: 'ms' });
      expect(histogram).not.toBe(counter);
      counter.add(1);
      histogram.record(2);
      const dups = (await reader.metrics()).filter((m) => m.descriptor.name === 'dup');
      expect(dups).toHaveLength(2);
      expect(diag.messages.find((m) => m.level === 'warn' && m.message.includes('conflicts'))?.message).toMatch(/"dup" \(HISTOGRAM.*"dup" \(COUNTER/);
    } finally {
      diag.restore();
    }
  });

  it.each(['', '1abc', 'a b', 'x'.repeat(256), 'ünïcode'])('an invalid name (%s) is reported and yields a no-op instrument', async (name) => {
    const diag = captureDiag();
    try {
      const reader = new TestReader();
      const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
      const counter = meter.createCounter(name);
      expect(() => counter.add(1)).not.toThrow();
      expect(await reader.metrics()).toEqual([]);
      expect(diag.messages.some((m) => m.level === 'error' && /instrument name/.test(m.message))).toBe(true);
    } finally {
      diag.restore();
    }
  });

  it.each(['a', 'http.server.request.duration', 'A_b-c/d.e', 'x'.repeat(255)])('accepts the valid name %s', async (name) => {
    const reader = new TestReader();
    new MeterProvider({ readers: [reader] }).getMeter('m').createCounter(name).add(1);
    expect((await reader.metrics()).map((m) => m.descriptor.name)).toEqual([name]);
  });

  it('ignores invalid advisory bucket boundaries with a warning', async () => {
    const diag = captureDiag();
    try {
      const reader = new TestReader();
      const h = new MeterProvider({ readers: [reader] }).getMeter('m').createHistogram('h', { advice: { explicitBucketBoundaries: [5, 1] } });
      h.record(1);
      const value = (await reader.metric('h'))!.dataPoints[0].value as { buckets: { boundaries: number[] } };
      expect(value.buckets.boundaries).toHaveLength(15);
      expect(diag.messages.some((m) => m.message.includes('strictly increasing'))).toBe(true);
    } finally {
      diag.restore();
    }
  });
});

describe('bad measurements', () => {
  it('are dropped with one rate-limited diag warning naming the instrument, and never throw', async () => {
    const diag = captureDiag();
    try {
      const reader = new TestReader();
      const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
      const counter = meter.createCounter('orders');
      const gauge = meter.createGauge('level');
      for (const bad of [NaN, Infinity, -Infinity, -1, '5', null, undefined, {}] as unknown[]) {
        expect(() => counter.add(bad as number)).not.toThrow();
      }
      gauge.record(-3); // negative is fine for a gauge
      gauge.record(NaN);
      counter.add(2);
      const metricsOut = await reader.metrics();
      expect(pointsOf(metricsOut.find((m) => m.descriptor.name === 'orders'))).toEqual([[{}, 2]]);
      expect(pointsOf(metricsOut.find((m) => m.descriptor.name === 'level'))).toEqual([[{}, -3]]);
      const counterWarnings = diag.messages.filter((m) => m.message.includes('"orders"'));
      expect(counterWarnings).toHaveLength(1); // rate limited
      expect(counterWarnings[0].message).toMatch(/NaN is not a valid measurement/);
    } finally {
      diag.restore();
    }
  });

  it('observations with bad values are dropped too', async () => {
    const reader = new TestReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    meter.createObservableCounter('oc', { valueType: ValueType.INT }).addCallback((r) => {
      r.observe(-5, { k: 'neg' });
      r.observe(NaN, { k: 'nan' });
      r.observe(7.8, { k: 'ok' });
    });
    expect(pointsOf(await reader.metric('oc'))).toEqual([[{ k: 'ok' }, 7]]);
  });
});

describe('forceFlush and shutdown', () => {
  function hangingExporter(): PushMetricExporter & { exports: number } {
    return {
      exports: 0,
      export() {
        this.exports++; // never calls back
      },
      forceFlush: () => new Promise(() => {}),
      shutdown: () => new Promise(() => {}),
    };
  }

  it('shutdown settles within its timeout (TimeoutError) even if the exporter hangs', async () => {
    const exporter = hangingExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000, exportTimeoutMillis: 100 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(1);
    const started = Date.now();
    await expect(provider.shutdown({ timeoutMillis: 300 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('forceFlush settles within its timeout (TimeoutError) even if the exporter hangs', async () => {
    const exporter = hangingExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000, exportTimeoutMillis: 100 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(1);
    await expect(provider.forceFlush({ timeoutMillis: 300 })).rejects.toBeInstanceOf(TimeoutError);
    expect(exporter.exports).toBe(1);
  });

  it('shutdown exports a last time, then meters and instruments are no-ops; a second call warns', async () => {
    const diag = captureDiag();
    try {
      const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
      const provider = new MeterProvider({ readers: [reader] });
      const counter = provider.getMeter('m').createCounter('c');
      counter.add(1);
      await provider.shutdown();
      expect(exporter.getMetrics()).toHaveLength(1);
      expect(() => counter.add(1)).not.toThrow();
      const late = provider.getMeter('late');
      expect(() => late.createCounter('x').add(1)).not.toThrow();
      await provider.shutdown();
      expect(diag.messages.some((m) => m.message.includes('shutdown() called more than once'))).toBe(true);
      await provider.forceFlush();
      const result = await new Promise<{ code: number }>((resolve) => exporter.export(exporter.getMetrics()[0], resolve));
      expect(result.code).toBe(ExportResultCode.FAILED);
    } finally {
      diag.restore();
    }
  });
});
