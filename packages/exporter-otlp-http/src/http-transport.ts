// One OTLP/HTTP POST per call over a keep-alive Agent. Classifies every outcome for the
// retrying sender: 2xx success, 429/502/503/504 and connection errors retryable, the rest final.
// `http` or `https` (with tls and crypto) and `zlib` are loaded on first use, not at require
// time: requiring the exporter costs no network module, and an app that sends plain HTTP
// without compression never loads tls or zlib (bench row require.otlp-http).
import type * as http from 'http';
import type * as https from 'https';
import { classifyHttpFailure, OTLPExporterError, type ExporterTransport, type TransportResponse } from '@meterkit/otlp-exporter-base';

export interface HttpTransportOptions {
  url: URL;
  headers: Record<string, string>;
  contentType: string;
  compression: 'gzip' | 'none';
  agentOptions: https.AgentOptions;
}

/** Response bodies larger than this are cut: a partial-success message never needs more. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * A request body larger than this is written in pieces of this size, one per turn of the
 * event loop. Written at once, a body goes to the kernel in one writev, and to a receiver on
 * the same host (a local collector) the kernel takes all of it in that call: 9.5 MB (100k
 * counter points) blocked the event loop for 20-45 ms on the bench machine.
 */
const BODY_PIECE_BYTES = 1024 * 1024;

interface HttpClient {
  agent: http.Agent;
  request: typeof http.request;
}

export class HttpTransport implements ExporterTransport {
  /** Made on the first send, once `http` or `https` is loaded. */
  private _client?: HttpClient;
  private _closed = false;

  constructor(private readonly _options: HttpTransportOptions) {}

  private async _getClient(): Promise<HttpClient> {
    if (this._client === undefined) {
      const { Agent, request } = this._options.url.protocol === 'https:' ? await import('https') : await import('http');
      this._client ??= { agent: new Agent(this._options.agentOptions), request };
    }
    return this._client;
  }

  async send(data: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse> {
    if (signal.aborted) return { status: 'failure', error: new OTLPExporterError('export aborted by shutdown') };
    const client = await this._getClient();
    // shutdown() may have run while the module was loading: the new agent must not stay open.
    if (this._closed) {
      client.agent.destroy();
      return { status: 'failure', error: new OTLPExporterError('export aborted by shutdown') };
    }
    let body: Uint8Array;
    const headers: Record<string, string | number> = {
      ...this._options.headers,
      'Content-Type': this._options.contentType,
    };
    if (this._options.compression === 'gzip') {
      body = await gzip(data);
      headers['Content-Encoding'] = 'gzip';
    } else {
      body = data;
    }
    headers['Content-Length'] = body.byteLength;
    return new Promise<TransportResponse>((resolve) => {
      let settled = false;
      const finish = (response: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      };
      const req = client.request(this._options.url, { method: 'POST', headers, agent: client.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('error', (error) => finish(connectionError(error)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const raw = Buffer.concat(chunks);
          if (status >= 200 && status < 300) {
            finish({ status: 'success', data: raw });
          } else {
            finish(classifyHttpFailure(status, res.headers['retry-after'], describeBody(raw, res.headers['content-type'])));
          }
        });
      });
      const onAbort = () => {
        req.destroy();
        finish({ status: 'failure', error: new OTLPExporterError('export aborted by shutdown') });
      };
      const timer = setTimeout(() => {
        req.destroy();
        // Retryable in principle; the retrying sender stops anyway since the deadline has passed.
        finish({ status: 'retryable', error: new OTLPExporterError(`OTLP export request timed out after ${Math.round(timeoutMillis)} ms`) });
      }, timeoutMillis);
      timer.unref?.();
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => finish(connectionError(error)));
      writeBody(req, body);
    });
  }

  shutdown(): void {
    this._closed = true;
    this._client?.agent.destroy();
  }
}

/**
 * Ends `req` with `body`: at once when small, else in BODY_PIECE_BYTES pieces, the next one
 * after the previous was handed to the socket and the event loop had a turn. Stops when the
 * request is destroyed (timeout, abort, connection error; the caller has settled then).
 */
function writeBody(req: http.ClientRequest, body: Uint8Array): void {
  if (body.byteLength <= BODY_PIECE_BYTES) {
    req.end(body);
    return;
  }
  let offset = 0;
  const writeNext = (): void => {
    if (req.destroyed) return;
    const end = Math.min(body.byteLength, offset + BODY_PIECE_BYTES);
    const piece = body.subarray(offset, end);
    offset = end;
    if (offset === body.byteLength) req.end(piece);
    else
      req.write(piece, (error) => {
        if (!error) setImmediate(writeNext);
      });
  };
  writeNext();
}

/** Connection refused/reset, DNS failures, TLS errors...: the specification retries network errors. */
function connectionError(error: Error): TransportResponse {
  const code = (error as NodeJS.ErrnoException).code;
  const tls = typeof code === 'string' && /^ERR_TLS|^ERR_SSL|CERT|UNABLE_TO_VERIFY|SELF_SIGNED/.test(code);
  const wrapped = new OTLPExporterError(`OTLP export request failed: ${error.message}${code ? ` (${code})` : ''}`);
  // A certificate the exporter does not trust will not become trusted by retrying.
  return tls ? { status: 'failure', error: wrapped } : { status: 'retryable', error: wrapped };
}

/** Human-readable summary of an error response for the error message (protobuf bodies are binary). */
function describeBody(raw: Buffer, contentType: string | undefined): string {
  if (raw.length === 0) return '';
  if (contentType !== undefined && /json|text/.test(contentType)) return raw.toString('utf8');
  return `${raw.length} bytes of ${contentType ?? 'unknown content'}`;
}

async function gzip(data: Uint8Array): Promise<Buffer> {
  const zlib = await import('zlib');
  return new Promise((resolve, reject) => zlib.gzip(data, (error, result) => (error ? reject(error) : resolve(result))));
}
