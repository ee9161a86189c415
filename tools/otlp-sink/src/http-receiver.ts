import * as http from 'http';
import * as https from 'https';
import type { Socket } from 'net';
import * as zlib from 'zlib';
import { decodeRequest, encodeResponse, encodeStatus, Encoding, malformedResponse } from './codec';
import type { SinkState } from './sink-state';
import { GrpcCode, grpcCodeFor, httpStatusFor } from './status-mapping';
import type { SinkTlsOptions } from './types';

export const OTLP_HTTP_PATH = '/v1/metrics';

const CONTENT_TYPES: Record<string, Encoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};
const RESPONSE_CONTENT_TYPE: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export interface HttpReceiver {
  url: string;
  close(): Promise<void>;
}

/** OTLP/HTTP receiver: `POST /v1/metrics`, protobuf or JSON, optionally gzip, over HTTP or HTTPS. */
export async function startHttpReceiver(
  state: SinkState,
  host: string,
  port: number,
  tls: SinkTlsOptions | undefined,
): Promise<HttpReceiver> {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(state, req, res).catch((err) => {
      // Only reachable through a bug here; answer rather than hang the client.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  };
  const server: http.Server = tls
    ? https.createServer(
        { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: Boolean(tls.requireClientCert), rejectUnauthorized: Boolean(tls.requireClientCert) },
        handler,
      )
    : http.createServer(handler);

  // Tracked so close() can end keep-alive and half-sent connections at once.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        sockets.clear();
      }),
  };
}

async function handle(state: SinkState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  state.attempts++;
  const path = (req.url ?? '/').split('?')[0];
  if (path !== OTLP_HTTP_PATH) {
    req.resume();
    return sendText(res, 404, `otlp-sink: no such path ${path}; OTLP metrics go to POST ${OTLP_HTTP_PATH}`);
  }
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'POST');
    return sendText(res, 405, `otlp-sink: ${req.method} not allowed; use POST`);
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const encoding = CONTENT_TYPES[mediaType];
  if (!encoding) {
    req.resume();
    return sendText(res, 415, `otlp-sink: unsupported Content-Type "${mediaType}"; use application/x-protobuf or application/json`);
  }
  const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (contentEncoding !== 'gzip' && contentEncoding !== 'identity') {
    req.resume();
    return sendText(res, 415, `otlp-sink: unsupported Content-Encoding "${contentEncoding}"; use gzip or none`);
  }

  const raw = await readBody(req);
  let body: any;
  try {
    const payload = contentEncoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
    body = decodeRequest(payload, encoding);
  } catch (err) {
    return send(res, 400, encoding, encodeStatus(encoding, GrpcCode.INVALID_ARGUMENT, `otlp-sink: cannot decode request: ${(err as Error).message}`));
  }

  const received = state.record({
    transport: 'http',
    encoding,
    compressed: contentEncoding === 'gzip',
    headers: lowerCaseHeaders(req.headers),
    path,
    bytes: raw.length,
    body,
  });

  const behaviour = state.nextBehaviour();
  await state.delay(behaviour.delayMs);
  if (state.closed || res.destroyed) return;
  if (behaviour.dropConnection) {
    req.socket.destroy();
    return;
  }
  const status = httpStatusFor(behaviour);
  if (behaviour.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(behaviour.retryAfterSeconds));
  if (status >= 200 && status < 300) {
    received.accepted = true;
    const out = behaviour.malformedResponse ? malformedResponse(encoding) : encodeResponse(encoding, behaviour.partialSuccess);
    return send(res, status, encoding, out);
  }
  return send(res, status, encoding, encodeStatus(encoding, grpcCodeFor({ httpStatus: status }), `otlp-sink: answering ${status} as configured`));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function lowerCaseHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function send(res: http.ServerResponse, status: number, encoding: Encoding, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': RESPONSE_CONTENT_TYPE[encoding], 'Content-Length': body.length });
  res.end(body);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
