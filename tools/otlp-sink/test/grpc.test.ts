import * as grpc from '@grpc/grpc-js';
import * as fs from 'fs';
import * as path from 'path';
import { OtlpSink, startOtlpSink } from '../src';
import { loadSchema } from '../src/schema';
import { decodeResponse, encodeRequest, sampleRequestObject } from './helpers';

const METHOD = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';
const identity = (b: Buffer) => b;

function exportCall(client: grpc.Client, body: Buffer, metadata = new grpc.Metadata()): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(METHOD, identity, identity, body, metadata, { deadline: Date.now() + 10_000 }, (err, res) =>
      err ? reject(err) : resolve(res as Buffer),
    ),
  );
}

async function callError(client: grpc.Client, body: Buffer): Promise<grpc.ServiceError> {
  try {
    await exportCall(client, body);
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('OTLP/gRPC', () => {
  let sink: OtlpSink;
  let client: grpc.Client;
  const body = encodeRequest(sampleRequestObject());
  beforeEach(async () => {
    sink = await startOtlpSink({ httpPort: null });
    client = new grpc.Client(sink.grpcAddress, grpc.credentials.createInsecure());
  });
  afterEach(async () => {
    client.close();
    await sink.close();
  });

  it('receives an Export call in plaintext and decodes it', async () => {
    const md = new grpc.Metadata();
    md.set('x-api-key', 'k1');
    const res = await exportCall(client, body, md);
    expect(decodeResponse(res)).toEqual({});
    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0]).toMatchObject({
      transport: 'grpc',
      encoding: 'protobuf',
      compressed: false,
      path: METHOD,
      bytes: body.length,
      accepted: true,
    });
    expect(sink.requests[0].headers['x-api-key']).toBe('k1');
    expect(sink.points().map((p) => p.name)).toEqual(['requests', 'temperature', 'latency', 'sizes', 'legacy_summary']);
    expect(sink.points()[0]).toMatchObject({ value: 42, attributes: { route: '/a', ok: true } });
  });

  it('accepts gzip-compressed messages', async () => {
    const gzipClient = new grpc.Client(sink.grpcAddress, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2, // gzip
    });
    try {
      await exportCall(gzipClient, body);
    } finally {
      gzipClient.close();
    }
    expect(sink.requests[0].compressed).toBe(true);
    expect(sink.points()).toHaveLength(5);
  });

  it('fails with the queued code and a RetryInfo in grpc-status-details-bin, then succeeds', async () => {
    sink.enqueue({ grpcCode: 8, retryAfterSeconds: 2.5 }, { grpcCode: 14 });
    const throttled = await callError(client, body);
    expect(throttled.code).toBe(8);
    const [details] = throttled.metadata.get('grpc-status-details-bin') as Buffer[];
    const { Status, RetryInfo } = loadSchema();
    const status = Status.toObject(Status.decode(details), { longs: Number }) as any;
    expect(status.code).toBe(8);
    expect(status.details[0].type_url).toBe('type.googleapis.com/google.rpc.RetryInfo');
    const retryInfo = RetryInfo.toObject(RetryInfo.decode(status.details[0].value), { longs: Number });
    expect(retryInfo).toEqual({ retryDelay: { seconds: 2, nanos: 500_000_000 } });

    const unavailable = await callError(client, body);
    expect(unavailable.code).toBe(14);
    expect(unavailable.metadata.get('grpc-status-details-bin')).toEqual([]);

    await exportCall(client, body);
    expect(sink.requests.map((r) => r.accepted)).toEqual([false, false, true]);
  });

  it('derives the gRPC code from an HTTP-only behaviour', async () => {
    sink.enqueue({ httpStatus: 429 }, { httpStatus: 400 });
    expect((await callError(client, body)).code).toBe(8);
    expect((await callError(client, body)).code).toBe(3);
  });

  it('answers after delayMs', async () => {
    sink.enqueue({ delayMs: 300 });
    let answered = false;
    const pending = exportCall(client, body).then(() => (answered = true));
    await sink.waitForRequests(1);
    expect(answered).toBe(false);
    await pending;
  });

  it('returns partial success', async () => {
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 1, errorMessage: 'dup' } });
    expect(decodeResponse(await exportCall(client, body))).toEqual({ partialSuccess: { rejectedDataPoints: 1, errorMessage: 'dup' } });
  });

  it('cancels the call abruptly on dropConnection', async () => {
    sink.enqueue({ dropConnection: true });
    const err = await callError(client, body);
    expect(err.code).not.toBe(0);
    expect(sink.requests).toHaveLength(1);
    await exportCall(client, body); // the channel recovers
  });

  it('sends a malformed OK response', async () => {
    sink.enqueue({ malformedResponse: true });
    const res = await exportCall(client, body);
    expect(() => decodeResponse(res)).toThrow();
  });

  it('answers INVALID_ARGUMENT to an undecodable message', async () => {
    const err = await callError(client, Buffer.from([0xff, 0xff, 0xff]));
    expect(err.code).toBe(3);
    expect(sink.requests).toHaveLength(0);
    expect(sink.attempts).toBe(1);
  });

  it('close() ends a call still waiting for its answer', async () => {
    sink.enqueue({ delayMs: 60_000 });
    const pending = exportCall(client, body).catch((e: grpc.ServiceError) => e);
    await sink.waitForRequests(1);
    await sink.close();
    const err = (await pending) as grpc.ServiceError;
    expect(err.code).toBeDefined();
    expect(err.code).not.toBe(0);
  });
});

describe('OTLP/gRPC and HTTPS with TLS', () => {
  const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', 'tls', name));

  it('serves gRPC over TLS and requires a client certificate for mTLS', async () => {
    const sink = await startOtlpSink({
      httpPort: null,
      tls: { key: fixture('server.key'), cert: fixture('server.crt'), ca: fixture('ca.crt'), requireClientCert: true },
    });
    const body = encodeRequest(sampleRequestObject());
    const mtls = new grpc.Client(sink.grpcAddress, grpc.credentials.createSsl(fixture('ca.crt'), fixture('client.key'), fixture('client.crt')));
    const noClientCert = new grpc.Client(sink.grpcAddress, grpc.credentials.createSsl(fixture('ca.crt')));
    try {
      await exportCall(mtls, body);
      expect(sink.requests).toHaveLength(1);
      const err = await callError(noClientCert, body);
      expect(err.code).toBe(14);
      expect(sink.requests).toHaveLength(1);
    } finally {
      mtls.close();
      noClientCert.close();
      await sink.close();
    }
  });

  it('serves HTTPS', async () => {
    const https = await import('https');
    const sink = await startOtlpSink({ grpcPort: null, tls: { key: fixture('server.key'), cert: fixture('server.crt') } });
    try {
      expect(sink.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = encodeRequest(sampleRequestObject());
      const status = await new Promise<number>((resolve, reject) => {
        const req = https.request(
          `${sink.httpUrl}/v1/metrics`,
          { method: 'POST', ca: fixture('ca.crt'), agent: false, headers: { 'Content-Type': 'application/x-protobuf' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(200);
      expect(sink.points()).toHaveLength(5);
    } finally {
      await sink.close();
    }
  });
});
