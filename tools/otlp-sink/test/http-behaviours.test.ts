import * as http from 'http';
import * as net from 'net';
import { OtlpSink, startOtlpSink } from '../src';
import { loadSchema } from '../src/schema';
import { decodeResponse, encodeRequest, post, sampleRequestObject } from './helpers';

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

describe('OTLP/HTTP behaviours and errors', () => {
  let sink: OtlpSink;
  let url: string;
  const body = encodeRequest(sampleRequestObject());
  beforeEach(async () => {
    sink = await startOtlpSink({ grpcPort: null });
    url = `${sink.httpUrl}/v1/metrics`;
  });
  afterEach(() => sink.close());

  it('answers queued statuses in order with Retry-After and a google.rpc.Status body, then succeeds', async () => {
    sink.enqueue({ httpStatus: 429, retryAfterSeconds: 3 }, { httpStatus: 503 });
    const first = await post(url, body, PROTOBUF);
    const second = await post(url, body, PROTOBUF);
    const third = await post(url, body, PROTOBUF);

    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('3');
    const status = loadSchema().Status.decode(first.body) as any;
    expect(status.code).toBe(8); // RESOURCE_EXHAUSTED
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBeUndefined();
    expect(third.status).toBe(200);
    // Failed-but-decoded requests are recorded; `accepted` tells them apart.
    expect(sink.requests.map((r) => r.accepted)).toEqual([false, false, true]);
    expect(sink.attempts).toBe(3);
  });

  it('derives the HTTP status from a gRPC-only behaviour', async () => {
    sink.enqueue({ grpcCode: 14 });
    expect((await post(url, body, PROTOBUF)).status).toBe(503);
  });

  it('applies the default behaviour when the queue is empty', async () => {
    sink.setDefaultBehaviour({ httpStatus: 500 });
    sink.enqueue({});
    expect((await post(url, body, PROTOBUF)).status).toBe(200);
    expect((await post(url, body, PROTOBUF)).status).toBe(500);
    expect((await post(url, body, PROTOBUF)).status).toBe(500);
    sink.setDefaultBehaviour(undefined);
    expect((await post(url, body, PROTOBUF)).status).toBe(200);
  });

  it('delays the answer, recording the request on arrival', async () => {
    sink.enqueue({ delayMs: 300 });
    let answered = false;
    const pending = post(url, body, PROTOBUF).then((r) => {
      answered = true;
      return r;
    });
    await sink.waitForRequests(1);
    expect(answered).toBe(false);
    expect((await pending).status).toBe(200);
  });

  it('returns partial success in the protobuf response', async () => {
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 4, errorMessage: 'bad unit' } });
    const res = await post(url, body, PROTOBUF);
    expect(res.status).toBe(200);
    expect(decodeResponse(res.body)).toEqual({ partialSuccess: { rejectedDataPoints: 4, errorMessage: 'bad unit' } });
    expect(sink.requests[0].accepted).toBe(true);
  });

  it('drops the connection without answering', async () => {
    sink.enqueue({ dropConnection: true });
    await expect(post(url, body, PROTOBUF)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sink.requests).toHaveLength(1);
    expect((await post(url, body, PROTOBUF)).status).toBe(200);
  });

  it('sends a malformed 200 response that does not decode', async () => {
    sink.enqueue({ malformedResponse: true });
    const res = await post(url, body, PROTOBUF);
    expect(res.status).toBe(200);
    expect(() => decodeResponse(res.body)).toThrow();
  });

  it('answers 404 for other paths, 405 for other methods, 415 for other content types, 400 for undecodable bodies', async () => {
    sink.enqueue({ httpStatus: 503 }); // must survive all of these: only decoded requests take behaviours
    expect((await post(`${sink.httpUrl}/v1/traces`, body, PROTOBUF)).status).toBe(404);
    const get = await new Promise<number>((resolve, reject) =>
      http.get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(get).toBe(405);
    expect((await post(url, body, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post(url, body, { ...PROTOBUF, 'Content-Encoding': 'br' })).status).toBe(415);
    expect((await post(url, Buffer.from([0xff, 0xff, 0xff]), PROTOBUF)).status).toBe(400);
    expect((await post(url, Buffer.from('not gzip'), { ...PROTOBUF, 'Content-Encoding': 'gzip' })).status).toBe(400);

    expect(sink.requests).toHaveLength(0);
    expect(sink.attempts).toBe(6);
    expect((await post(url, body, PROTOBUF)).status).toBe(503);
  });

  it('serves several requests over one keep-alive connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) expect((await post(url, body, PROTOBUF, { agent })).status).toBe(200);
      expect(sink.requests).toHaveLength(3);
    } finally {
      agent.destroy();
    }
  });
});

describe('close()', () => {
  it('closes promptly with an idle keep-alive connection, a half-sent request and a delayed answer open', async () => {
    const sink = await startOtlpSink();
    const url = `${sink.httpUrl}/v1/metrics`;
    const body = encodeRequest(sampleRequestObject());

    const agent = new http.Agent({ keepAlive: true });
    expect((await post(url, body, PROTOBUF, { agent })).status).toBe(200); // leaves an idle socket

    const { port } = new URL(sink.httpUrl);
    const halfSent = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => halfSent.once('connect', r));
    halfSent.write(`POST /v1/metrics HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\nab`);
    const halfSentClosed = new Promise((r) => halfSent.once('close', r));
    halfSent.on('error', () => undefined);

    sink.enqueue({ delayMs: 60_000 });
    const delayed = post(url, body, PROTOBUF).catch((e: Error) => e);
    await sink.waitForRequests(2);

    const waiter = sink.waitForRequests(10, 60_000).catch((e: Error) => e);
    await sink.close();
    await halfSentClosed;
    expect(String(await delayed)).toMatch(/socket hang up|ECONNRESET/);
    expect(String(await waiter)).toMatch(/closed while waiting/);
    agent.destroy();
    await sink.close(); // idempotent
  });
});
