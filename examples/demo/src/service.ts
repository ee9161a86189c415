// The instrumented HTTP service: node's `http`, on loopback. Every request is measured once,
// just before its response is sent, so that a client that received a response knows the
// service has already counted it (what makes the end-of-run numbers exactly comparable).
// Each request runs inside a server span (through @opentelemetry/api's tracer: tracing.ts sets
// up the SDK behind it), so its measurements carry the span's ids as exemplars.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { createProcessInstruments, createServiceInstruments, type ServiceInstruments } from './instruments';
import { routeRequest } from './routes';

export interface DemoService {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

const tracer = trace.getTracer('meterkit-demo-service', '1.0.0');

/** The request inside an active server span, so that what it records is linked to the span. */
function handleInSpan(req: http.IncomingMessage, res: http.ServerResponse, instruments: ServiceInstruments): Promise<void> {
  const method = req.method ?? 'GET';
  return tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, async (span) => {
    try {
      await handle(req, res, instruments, span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, instruments: ServiceInstruments, span: Span): Promise<void> {
  const start = process.hrtime.bigint();
  const method = req.method ?? 'GET';
  const pathname = new URL(req.url ?? '/', 'http://service').pathname;
  // Drain the request body: the outcome does not depend on it.
  req.resume();
  const outcome = routeRequest(method, pathname);
  // The semantic conventions' span name: method and route template (method alone when unmatched).
  if (outcome.route !== undefined) span.updateName(`${method} ${outcome.route}`);
  await sleep(outcome.delayMs);

  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // Attribute names of the HTTP semantic conventions. `http.route` is a template, never the
  // raw path, so the number of series stays bounded whatever clients ask for.
  const attributes: Attributes = {
    'http.request.method': method,
    'http.response.status_code': outcome.status,
  };
  if (outcome.route !== undefined) attributes['http.route'] = outcome.route;
  instruments.trafficVolume.add(1, attributes);
  if (outcome.status >= 500) instruments.errorRate.add(1, { ...attributes, 'error.type': String(outcome.status) });
  instruments.requestDuration.record(seconds, attributes);
  instruments.requestLatencyMs.record(seconds * 1000, attributes);
  span.setAttributes(attributes);
  if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });

  const body = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startDemoService(options: { host?: string; port?: number } = {}): Promise<DemoService> {
  const instruments = createServiceInstruments();
  createProcessInstruments();
  const server = http.createServer((req, res) => {
    handleInSpan(req, res, instruments).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Longer than any pause of the load generator, so a kept-alive socket is not closed by
  // the server just as the client reuses it (a reset the client would count as an error).
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
