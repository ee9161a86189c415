import * as path from 'path';
import { metrics } from '@opentelemetry/api';
import * as official from '@opentelemetry/sdk-metrics';
import { MeterProvider, bind, isBindable } from '../src';
import { BoundCounterHandle, BoundHistogramHandle } from '../src/instruments/bound-instrument';
import { strictTypeErrors } from './support/strict-type-check';
import { TestReader, captureDiag, pointsOf } from './helpers';

function meterkit() {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('bind-helper') };
}

describe('bind(instrument, attributes) without casts', () => {
  afterEach(() => metrics.disable());

  it('type-checks per instrument kind with no cast (strict tsc on test/types/bind-types.ts)', () => {
    const file = path.join(__dirname, 'types', 'bind-types.ts');
    const diagnostics = strictTypeErrors(file);
    // An unused @ts-expect-error is itself an error, so this also proves each marked line fails.
    expect(diagnostics).toEqual([]);
  });

  it("with meterkit's instruments returns meterkit's bound handle, recording to the attribute set", async () => {
    const { reader, meter } = meterkit();
    const counter = meter.createCounter('c');
    const histogram = meter.createHistogram('h');
    expect(isBindable(counter)).toBe(true);

    const attrs = { route: '/a' };
    const c = bind(counter, attrs);
    const h = bind(histogram, attrs);
    expect(c).toBeInstanceOf(BoundCounterHandle);
    expect(h).toBeInstanceOf(BoundHistogramHandle);
    c.add(2);
    counter.add(3, { route: '/a' });
    h.record(4);
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ route: '/a' }, 5]]);
    expect((await reader.metric('h'))!.dataPoints[0]).toMatchObject({ attributes: { route: '/a' }, value: { count: 1, sum: 4 } });
  });

  it('recognizes instruments made by another copy of the package (CJS and ESM builds side by side)', async () => {
    let other: typeof import('../src') | undefined;
    jest.isolateModules(() => {
      other = require('../src');
    });
    expect(other!.MeterProvider).not.toBe(MeterProvider);
    const otherProvider = new other!.MeterProvider();
    const counter = otherProvider.getMeter('copy').createCounter('c');
    expect(isBindable(counter)).toBe(true);
    expect(bind(counter).constructor.name).toBe('BoundCounterHandle');
  });

  it("on the API's no-op meter (no provider registered yet) records nothing and never throws", async () => {
    const early = metrics.getMeter('early');
    const counter = early.createCounter('c');
    const histogram = early.createHistogram('h');
    expect(isBindable(counter)).toBe(false);
    const c = bind(counter, { route: '/a' });
    const h = bind(histogram, { route: '/a' });

    // Registering meterkit afterwards does not revive instruments made by the no-op meter
    // (that is the API's behaviour); instruments made afterwards record.
    const { reader, provider } = meterkit();
    metrics.setGlobalMeterProvider(provider);
    expect(() => {
      c.add(1);
      h.record(1);
    }).not.toThrow();
    const late = metrics.getMeter('bind-helper').createCounter('c');
    bind(late, { route: '/b' }).add(7);
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ route: '/b' }, 7]]);
    expect(await reader.metric('h')).toBeUndefined();
  });

  it('on @opentelemetry/sdk-metrics records through add()/record() with the same attributes', async () => {
    const reader = new (class extends official.MetricReader {
      protected async onShutdown() {}
      protected async onForceFlush() {}
    })();
    const provider = new official.MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('official');
    const counter = meter.createCounter('c');
    const upDown = meter.createUpDownCounter('u');
    const histogram = meter.createHistogram('h');
    const gauge = meter.createGauge('g');
    expect(isBindable(counter)).toBe(false);

    const attrs: Record<string, string> = { route: '/a' };
    const c = bind(counter, attrs);
    attrs.route = '/changed'; // the handle keeps the set it was bound to
    c.add(2);
    c.add(3);
    bind(upDown, { route: '/a' }).add(-4);
    const h = bind(histogram, { route: '/a' });
    h.record(10);
    bind(gauge, { route: '/a' }).record(6);
    c.unbind();
    c.add(100); // ignored after unbind, as with meterkit's handles
    h.unbind();
    h.record(100);

    const { resourceMetrics } = await reader.collect();
    const byName = new Map(resourceMetrics.scopeMetrics[0].metrics.map((m) => [m.descriptor.name, m]));
    expect(byName.get('c')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a' }, 5]]);
    expect(byName.get('u')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a' }, -4]]);
    expect(byName.get('h')!.dataPoints[0]).toMatchObject({ attributes: { route: '/a' }, value: { count: 1, sum: 10 } });
    expect(byName.get('g')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a' }, 6]]);
  });

  it('given something that is not an instrument, warns once and returns a handle that records nothing', () => {
    const diag = captureDiag();
    try {
      const handle = bind(undefined as never, { a: 1 });
      expect(() => handle.add(1)).not.toThrow();
      expect(diag.messages).toHaveLength(1);
      expect(diag.warnings()[0]).toMatch(/not a synchronous instrument/);
    } finally {
      diag.restore();
    }
  });
});
