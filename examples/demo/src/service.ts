// The instrumented HTTP service: node's `http`, on loopback. Every request is measured once,
// just before its response is sent, so that a client that received a response knows the
// service has already counted it (what makes the end-of-run numbers exactly comparable).
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Attributes } from '@opentelemetry/api';
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

async function handle(req: http.IncomingMessage, res: http.ServerResponse, instruments: ServiceInstruments): Promise<void> {
  const start = process.hrtime.bigint();
  const method = req.method ?? 'GET';
  const pathname = new URL(req.url ?? '/', 'http://service').pathname;
  // Drain the request body: the outcome does not depend on it.
  req.resume();
  const outcome = routeRequest(method, pathname);
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

  const body = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startDemoService(options: { host?: string; port?: number } = {}): Promise<DemoService> {
  const instruments = createServiceInstruments();
  createProcessInstruments();
  const server = http.createServer((req, res) => {
    handle(req, res, instruments).catch(() => {
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
