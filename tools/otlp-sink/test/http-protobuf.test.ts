import * as zlib from 'zlib';
import { OtlpSink, startOtlpSink } from '../src';
import { decodeResponse, encodeRequest, post, sampleRequestObject } from './helpers';

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

describe('OTLP/HTTP protobuf', () => {
  let sink: OtlpSink;
  beforeEach(async () => {
    sink = await startOtlpSink({ grpcPort: null });
  });
  afterEach(() => sink.close());

  it('decodes every metric kind into requests and points', async () => {
    const body = encodeRequest(sampleRequestObject());
    const res = await post(`${sink.httpUrl}/v1/metrics`, body, { ...PROTOBUF, 'X-Tenant': 'a' });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(decodeResponse(res.body)).toEqual({});
    expect(sink.requests).toHaveLength(1);
    const r = sink.requests[0];
    expect(r).toMatchObject({ transport: 'http', encoding: 'protobuf', compressed: false, path: '/v1/metrics', bytes: body.length, accepted: true });
    expect(r.headers['x-tenant']).toBe('a');
    expect(r.body.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].timeUnixNano).toBe('1700000010000000123');

    const points = sink.points();
    expect(points.map((p) => [p.name, p.kind])).toEqual([
      ['requests', 'sum'],
      ['temperature', 'gauge'],
      ['latency', 'histogram'],
      ['sizes', 'exponentialHistogram'],
      ['legacy_summary', 'summary'],
    ]);
    expect(points[0]).toMatchObject({
      resource: { 'service.name': 'sink-test', 'host.cpus': 8 },
      scopeName: 'test-meter',
      scopeVersion: '1.2.3',
      description: 'handled requests',
      unit: '{request}',
      temporality: 'cumulative',
      isMonotonic: true,
      attributes: { route: '/a', ok: true },
      startTimeUnixNano: '1700000000000000000',
      timeUnixNano: '1700000010000000123',
      value: 42,
      isInt: true,
    });
    expect(points[1]).toMatchObject({ value: 21.5, isInt: false, temporality: undefined, unit: 'Cel' });
    expect(points[2]).toMatchObject({
      temporality: 'delta',
      attributes: { tags: ['x', 2] },
      count: 3,
      sum: 17.5,
      min: 0.5,
      max: 12,
      bucketCounts: [1, 1, 1],
      explicitBounds: [1, 10],
    });
    expect(points[3]).toMatchObject({
      count: 6,
      sum: 20,
      scale: 2,
      zeroCount: 1,
      min: -3,
      max: 9,
      positive: { offset: -3, bucketCounts: [1, 0, 2] },
      negative: { offset: 1, bucketCounts: [2] },
    });
    expect(points[4]).toMatchObject({ count: 4, sum: 10, quantileValues: [{ quantile: 0.5, value: 2 }, { quantile: 1, value: 4 }] });
  });

  it('decodes gzip bodies and reports the compressed size', async () => {
    const gz = zlib.gzipSync(encodeRequest(sampleRequestObject()));
    const res = await post(`${sink.httpUrl}/v1/metrics`, gz, { ...PROTOBUF, 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(sink.requests[0]).toMatchObject({ compressed: true, bytes: gz.length });
    expect(sink.points()).toHaveLength(5);
  });

  it('waitForRequests and waitForPoints resolve on arrival and reject with a clear error on timeout', async () => {
    const waiting = sink.waitForPoints((p) => p.name === 'latency');
    const waitingCount = sink.waitForRequests(1);
    await post(`${sink.httpUrl}/v1/metrics`, encodeRequest(sampleRequestObject()), PROTOBUF);
    await expect(waitingCount).resolves.toBeUndefined();
    await expect(waiting).resolves.toMatchObject({ name: 'latency', count: 3 });
    await expect(sink.waitForRequests(2, 50)).rejects.toThrow(/timed out after 50 ms waiting for 2 request\(s\); received 1/);
    await expect(sink.waitForPoints((p) => p.name === 'nope', 50)).rejects.toThrow(/metrics \[requests, temperature, latency/);
  });

  it('reset() clears requests, points and attempts', async () => {
    await post(`${sink.httpUrl}/v1/metrics`, encodeRequest(sampleRequestObject()), PROTOBUF);
    sink.enqueue({ httpStatus: 503 });
    sink.reset();
    expect(sink.requests).toHaveLength(0);
    expect(sink.points()).toHaveLength(0);
    expect(sink.attempts).toBe(0);
    const res = await post(`${sink.httpUrl}/v1/metrics`, encodeRequest(sampleRequestObject()), PROTOBUF);
    expect(res.status).toBe(200); // the queued 503 was cleared
  });
});
