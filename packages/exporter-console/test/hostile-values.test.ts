import { ValueType } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter, toSafeValue } from '../src';
import { CaptureStream, exportOnce, prettyDocument } from './helpers';

function withAttributes(attributes: unknown, resourceAttributes: Record<string, unknown> = { 'service.name': 'hostile' }): ResourceMetrics {
  return {
    resource: resourceFromAttributes(resourceAttributes as never),
    scopeMetrics: [
      {
        scope: { name: 'hostile' },
        metrics: [
          {
            descriptor: { name: 'c', description: '', unit: '', valueType: ValueType.INT },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ startTime: [1, 0], endTime: [2, 0], attributes: attributes as never, value: 1 }],
          },
        ],
      },
    ],
  };
}

async function printedAttributes(attributes: unknown, format: 'json' | 'pretty' = 'json'): Promise<any> {
  const stream = new CaptureStream();
  const exporter = new ConsoleMetricExporter({ format, stream, maxStringLength: 100 });
  const result = await exportOnce(exporter, withAttributes(attributes));
  expect(result.code).toBe(ExportResultCode.SUCCESS);
  await exporter.shutdown();
  const doc = format === 'json' ? JSON.parse(stream.lines[0]) : prettyDocument(stream.text);
  return doc.resource_metrics[0].scope_metrics[0].metrics[0].data.data_points[0].attributes;
}

describe('ConsoleMetricExporter with hostile attribute values', () => {
  it('prints BigInt, Symbol, function, undefined and non-finite numbers', async () => {
    const attrs = await printedAttributes({
      big: 12345678901234567890n,
      sym: Symbol('secret'),
      fn: function handler() {},
      arrow: () => 1,
      missing: undefined,
      nan: NaN,
      inf: -Infinity,
    });
    expect(attrs).toEqual({
      big: '12345678901234567890n',
      sym: 'Symbol(secret)',
      fn: '[Function handler]',
      arrow: '[Function arrow]',
      missing: null,
      nan: 'NaN',
      inf: '-Infinity',
    });
  });

  it('replaces circular references and keeps repeated (non-circular) objects', async () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const shared = { x: 1 };
    const list: unknown[] = [1];
    list.push(list);
    const attrs = await printedAttributes({ loop, pair: [shared, shared], list });
    expect(attrs.loop).toEqual({ name: 'loop', self: '[Circular]' });
    expect(attrs.pair).toEqual([{ x: 1 }, { x: 1 }]);
    expect(attrs.list).toEqual([1, '[Circular]']);
  });

  it('cuts huge strings and keys, saying how much was cut', async () => {
    const huge = 'x'.repeat(5_000_000);
    const attrs = await printedAttributes({ huge, ['k'.repeat(500)]: 1 });
    expect(attrs.huge).toBe(`${'x'.repeat(100)}…[+4999900 chars]`);
    expect(Object.keys(attrs)[1]).toBe(`${'k'.repeat(100)}…[+400 chars]`);
  });

  it('survives throwing getters, throwing Proxies and a __proto__ key', async () => {
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    const trap = new Proxy({}, {
      ownKeys() {
        throw new Error('ownKeys trap');
      },
    });
    const proto = JSON.parse('{"__proto__": {"polluted": true}}');
    const attrs = await printedAttributes({ getter, trap, proto });
    expect(attrs.getter).toEqual({ boom: '[Unreadable: getter exploded]' });
    expect(attrs.trap).toBe('[Unserializable: ownKeys trap]');
    expect(attrs.proto).toEqual(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives an attributes object that is itself a throwing Proxy', async () => {
    const attrs = await printedAttributes(new Proxy({}, { ownKeys: () => { throw new TypeError('no keys for you'); } }));
    expect(attrs).toBe('[Unserializable: no keys for you]');
  });

  it('bounds depth and width, and shows dates, errors, buffers, maps and sets', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { deep };
    const wide = Array.from({ length: 1500 }, (_, i) => i);
    const attrs = await printedAttributes({
      deep,
      wide,
      when: new Date(0),
      bad: new Date(NaN),
      err: new RangeError('out of range'),
      buf: Buffer.from('abc'),
      map: new Map<unknown, unknown>([['a', 1], [2, 'b']]),
      set: new Set([1, 2]),
    });
    expect(JSON.stringify(attrs.deep)).toContain('"[Object]"');
    expect(attrs.wide).toHaveLength(1001);
    expect(attrs.wide[1000]).toBe('…[+500 items]');
    expect(attrs.when).toBe('1970-01-01T00:00:00.000Z');
    expect(attrs.bad).toBe('[Invalid Date]');
    expect(attrs.err).toBe('[RangeError: out of range]');
    expect(attrs.buf).toBe('[Buffer(3 bytes)]');
    expect(attrs.map).toEqual({ a: 1, 2: 'b' });
    expect(attrs.set).toEqual([1, 2]);
  });

  it('prints hostile values in pretty mode and in resource attributes too', async () => {
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    const stream = new CaptureStream();
    const exporter = new ConsoleMetricExporter({ stream });
    const result = await exportOnce(exporter, withAttributes({ big: 1n, loop }, { 'service.name': 'x', odd: Symbol.iterator }));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const doc = prettyDocument(stream.text);
    expect(doc.resource_metrics[0].resource.attributes.odd).toBe('Symbol(Symbol.iterator)');
    expect(doc.resource_metrics[0].scope_metrics[0].metrics[0].data.data_points[0].attributes).toEqual({ big: '1n', loop: { loop: '[Circular]' } });
    await exporter.shutdown();
  });

  it('toSafeValue never throws and its result always stringifies', () => {
    const nasty: unknown[] = [
      1n,
      Symbol(),
      () => {},
      new Proxy(function f() {}, { get: () => { throw new Error('get'); } }),
      Object.create(null),
      new Proxy([], { get: () => { throw new Error('array get'); } }),
    ];
    for (const value of nasty) {
      const safe = toSafeValue(value);
      expect(() => JSON.stringify(safe)).not.toThrow();
    }
  });
});
