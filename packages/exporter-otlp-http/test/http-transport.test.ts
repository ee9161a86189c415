// What only OTLP/HTTP has: which HTTP statuses are retried, and what a request looks like on
// the wire (path, encodings, content type, gzip, headers, User-Agent, a large body written in
// pieces).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ExportResultCode } from '@opentelemetry/core';
import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, OTLPExporterError, type OTLPMetricExporterOptions } from '../src';
import { HttpTransport } from '../src/http-transport';
import { sumMetrics } from '../../otlp-exporter-base/test/support/fixtures';
import { exportOnce, FAST_RETRY } from '../../otlp-exporter-base/test/support/helpers';
import { shutDownAfterEach, sinkPerFile } from '../../otlp-exporter-base/test/support/lifecycle';
import { sendWorkloadOnce } from '../../otlp-exporter-base/test/support/otlp-suite';

let sink: OtlpSink;
sinkPerFile(() => startOtlpSink({ grpcPort: null }), (started) => (sink = started));
const track = shutDownAfterEach<OTLPMetricExporter>();

function exporter(options: OTLPMetricExporterOptions = {}): OTLPMetricExporter {
  return track(new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, retry: FAST_RETRY, ...options }));
}

describe('HTTP status rules', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i and then succeeds', async (status) => {
    sink.enqueue({ httpStatus: status });
    const result = await exportOnce(exporter(), sumMetrics(1, 1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.attempts).toBe(2);
    expect(sink.requests.map((r) => r.accepted)).toEqual([false, true]);
  });

  it.each([400, 401, 403, 404, 413, 500])('fails at once on HTTP %i with the status on the error', async (status) => {
    const diagLog = captureDiag();
    try {
      sink.enqueue({ httpStatus: status });
      const result = await exportOnce(exporter(), sumMetrics(1, 1));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error).toBeInstanceOf(OTLPExporterError);
      expect((result.error as OTLPExporterError).code).toBe(status);
      expect(sink.attempts).toBe(1);
      expect(diagLog.errors().join('\n')).toContain(`HTTP status ${status}`);
    } finally {
      diagLog.restore();
    }
  });
});

const requestMatrix: Array<[NonNullable<OTLPMetricExporterOptions['protocol']>, 'gzip' | 'none']> = [];
for (const protocol of ['http/protobuf', 'http/json'] as const) for (const compression of ['none', 'gzip'] as const) requestMatrix.push([protocol, compression]);

it.each(requestMatrix)('sends %s requests, compression %s, to /v1/metrics with its headers and User-Agent', async (protocol, compression) => {
  const e = exporter({ protocol, compression, headers: { 'x-tenant': 't1' } });
  const request = await sendWorkloadOnce(e, sink);
  expect(request).toMatchObject({
    transport: 'http',
    path: '/v1/metrics',
    encoding: protocol === 'http/json' ? 'json' : 'protobuf',
    compressed: compression === 'gzip',
    accepted: true,
  });
  expect(request.headers['x-tenant']).toBe('t1');
  expect(request.headers['content-type']).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
  // The version comes from package.json, so it follows releases.
  expect(request.headers['user-agent'].split(' ')[0]).toBe(`meterkit-otlp-http/${require('../package.json').version}`);
});

/** The exporter's transport alone, to a loopback receiver on `port`: protobuf, uncompressed. */
function rawTransport(port: number): HttpTransport {
  return new HttpTransport({
    url: new URL(`http://127.0.0.1:${port}/v1/metrics`),
    headers: {},
    contentType: 'application/x-protobuf',
    compression: 'none',
    agentOptions: { keepAlive: true },
  });
}

describe('a large request body', () => {
  it('is written in 1 MiB pieces, each after a turn of the event loop, and arrives whole', async () => {
    const received: Buffer[] = [];
    const server = http.createServer((req, res) => {
      req.on('data', (chunk: Buffer) => received.push(chunk));
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = rawTransport(port);
    // Each piece handed to the request, with the number of event-loop turns seen by then.
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    const pieces: Array<{ bytes: number; turns: number }> = [];
    const proto = http.ClientRequest.prototype;
    const { write: originalWrite, end: originalEnd } = proto;
    const write = jest.spyOn(proto, 'write').mockImplementation(function (this: http.ClientRequest, ...args: unknown[]) {
      if (args[0] instanceof Uint8Array) pieces.push({ bytes: args[0].byteLength, turns });
      return originalWrite.apply(this, args as Parameters<typeof originalWrite>);
    });
    const end = jest.spyOn(proto, 'end').mockImplementation(function (this: http.ClientRequest, ...args: unknown[]) {
      if (args[0] instanceof Uint8Array) pieces.push({ bytes: args[0].byteLength, turns });
      return originalEnd.apply(this, args as Parameters<typeof originalEnd>);
    });
    try {
      const body = Buffer.alloc(3.5 * 1024 * 1024);
      for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
      setImmediate(tick);
      const response = await transport.send(body, 10_000, new AbortController().signal);
      counting = false;
      expect(response.status).toBe('success');
      expect(Buffer.concat(received).equals(body)).toBe(true);
      expect(pieces.map((p) => p.bytes)).toEqual([1, 1, 1, 0.5].map((mib) => mib * 1024 * 1024));
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].turns).toBeGreaterThan(pieces[i - 1].turns);
    } finally {
      write.mockRestore();
      end.mockRestore();
      transport.shutdown();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops being written when the request times out (a receiver that does not read)', async () => {
    const server = http.createServer((req) => req.pause());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = rawTransport(port);
    const write = jest.spyOn(http.ClientRequest.prototype, 'write');
    try {
      // Far more than the socket buffers of both ends hold, so the writing has to wait.
      const body = Buffer.alloc(64 * 1024 * 1024);
      const response = await transport.send(body, 300, new AbortController().signal);
      expect(response.status).toBe('retryable');
      expect(response.status !== 'success' && response.error.message).toMatch(/timed out after 300 ms/);
      const written = write.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(write.mock.calls.length).toBe(written);
      expect(written).toBeLessThan(64);
    } finally {
      write.mockRestore();
      transport.shutdown();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('of a large export reaches the receiver decoded point for point', async () => {
    const metrics = sumMetrics(2, 15_000);
    const result = await exportOnce(exporter(), metrics);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0].bytes).toBeGreaterThan(1024 * 1024);
    const points = sink.requests[0].body.resourceMetrics[0].scopeMetrics[0].metrics.map((m: { sum: { dataPoints: unknown[] } }) => m.sum.dataPoints.length);
    expect(points).toEqual([15_000, 15_000]);
  });
});
