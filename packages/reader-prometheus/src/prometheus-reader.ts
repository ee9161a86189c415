// A pull reader: every scrape of its endpoint triggers one collection, written in the format
// the scraper negotiated. It can serve on its own HTTP server, or hand its request handler
// (or the bare exposition) to an application's server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { diag } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DEFAULT_CARDINALITY_SELECTOR,
  MetricReader,
  type AggregationSelector,
  type CardinalitySelector,
  type CollectionResult,
  type MetricProducer,
  rejectUnknownOptions,
} from '@meterkit/sdk-metrics-core';
import { OPTION_NAMES } from './option-names';
import { acceptsGzip, negotiateFormat, type ScrapeFormat } from './content-negotiation';
import { DeltaToCumulative } from './delta-to-cumulative';
import { contentTypeOf } from './exposition-format';
import { resolveServerSettings, type ServerSettings } from './options';
import { filterPromClientExposition, registryFormat, type PromClientRegistryLike } from './prom-client-merge';
import { PROTOBUF_CONTENT_TYPE } from './protobuf-writer';
import { PrometheusSerializer, type SerializerOptions } from './serializer';
import { ServerConnections } from './server-connections';
import { SingleFlight } from './single-flight';
import { WarnOnce } from './warn-once';
import { respond } from './http-response';
import { PrometheusReaderNotRegisteredError, PrometheusReaderShutdownError } from './reader-errors';

export { PrometheusReaderNotRegisteredError, PrometheusReaderShutdownError };

const gzip = promisify(gzipCallback);

/** Options of {@link PrometheusReader}, with the names of the official `PrometheusExporter` where they exist. */
export interface PrometheusReaderOptions extends SerializerOptions {
  /** Interface to listen on. Default: OTEL_EXPORTER_PROMETHEUS_HOST, else `localhost`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default: OTEL_EXPORTER_PROMETHEUS_PORT, else 9464. */
  port?: number;
  /** Path of the metrics endpoint. Default `/metrics`. */
  endpoint?: string;
  /** Do not start the server in the constructor; call `start()` (or serve through `getMetricsRequestHandler`). */
  preventServerStart?: boolean;
  /** A prom-client 15 `Registry` whose metrics are served after meterkit's on the same endpoint. */
  mergeWithPromClient?: PromClientRegistryLike;
  /** Time budget of the collection behind one scrape (asynchronous callbacks). Default 10 s. */
  collectionTimeoutMillis?: number;
  aggregationSelector?: AggregationSelector;
  cardinalitySelector?: CardinalitySelector;
  /** Extra producers (bridges) whose data is merged into every scrape. */
  metricProducers?: MetricProducer[];
}

/** Where the reader's server listens, once it does (`reader.ready`). */
export interface PrometheusReaderAddress {
  host: string;
  port: number;
  /** `http://host:port/endpoint`, ready to put in a scrape config or a browser. */
  url: string;
}

/** Options of {@link PrometheusReader.getMetrics}. */
export interface GetMetricsOptions {
  /** The scraper's Accept header; picks the 0.0.4 text format or OpenMetrics 1.0. */
  accept?: string | string[] | null;
}

/** One exposition as {@link PrometheusReader.getMetrics} returns it: the body and its content type. */
export interface MetricsResponse {
  contentType: string;
  body: string;
}

const DEFAULT_COLLECTION_TIMEOUT_MILLIS = 10_000;
const TEXT_FORMATS: readonly ScrapeFormat[] = ['text', 'openmetrics'];
// The request handler also serves the protobuf format (native histograms) to scrapers asking for it.
const SCRAPE_FORMATS: readonly ScrapeFormat[] = ['text', 'openmetrics', 'protobuf'];

interface Exposition {
  contentType: string;
  /** UTF-8 text (a Buffer) or protobuf messages. */
  body: Buffer | Uint8Array;
}

/** Pull reader that serves the provider's metrics to Prometheus (text 0.0.4 or OpenMetrics 1.0) from its own HTTP server, a handler for an existing server, or `getMetrics()`. */
export class PrometheusReader extends MetricReader {
  /** Resolves with the server's address once it listens (stays pending while it is not started). */
  readonly ready: Promise<PrometheusReaderAddress>;

  private readonly _settings: ServerSettings;
  private readonly _serializer: PrometheusSerializer;
  private readonly _deltas: DeltaToCumulative;
  private readonly _promClient?: PromClientRegistryLike;
  private readonly _collectionTimeoutMillis: number;
  private readonly _collection: SingleFlight<CollectionResult>;
  private readonly _warnedDuplicates = new Set<string>();
  private _registered = false;
  private _closing = false;
  private _server?: Server;
  private _connections?: ServerConnections;
  private _address?: PrometheusReaderAddress;
  private _starting?: Promise<PrometheusReaderAddress>;
  private _resolveReady!: (address: PrometheusReaderAddress) => void;
  private _rejectReady!: (error: unknown) => void;

  constructor(options: PrometheusReaderOptions = {}) {
    super({
      // Prometheus counters and histograms are cumulative; nothing else can be served.
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      aggregationSelector: options.aggregationSelector,
      cardinalitySelector: options.cardinalitySelector,
      metricProducers: options.metricProducers,
    });
    rejectUnknownOptions(options, OPTION_NAMES, 'PrometheusReader');
    this._settings = resolveServerSettings(options);
    this._serializer = new PrometheusSerializer(options);
    // Delta data from producers is accumulated with the same per-stream limit as the SDK's own series.
    this._deltas = new DeltaToCumulative(options.cardinalitySelector ?? DEFAULT_CARDINALITY_SELECTOR, new WarnOnce());
    this._promClient = options.mergeWithPromClient;
    const timeout = options.collectionTimeoutMillis ?? DEFAULT_COLLECTION_TIMEOUT_MILLIS;
    if (typeof timeout !== 'number' || !(timeout > 0)) {
      throw new Error(`PrometheusReader: invalid option "collectionTimeoutMillis" ${JSON.stringify(timeout)}: expected a positive number of milliseconds`);
    }
    this._collectionTimeoutMillis = timeout;
    this._collection = new SingleFlight(() => this.collectForScrape());
    this.ready = new Promise<PrometheusReaderAddress>((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    // A listen failure is reported through diag; nobody has to await `ready` for it to be handled.
    this.ready.catch(() => {});
    if (!options.preventServerStart) {
      this.start().catch(() => {});
    }
  }

  /** The address the server listens on, once it does. */
  get address(): PrometheusReaderAddress | undefined {
    return this._address;
  }

  /** Starts the reader's HTTP server (idempotent) and resolves with its address. */
  start(): Promise<PrometheusReaderAddress> {
    if (this._closing) return Promise.reject(new PrometheusReaderShutdownError());
    this._starting ??= this.listen();
    return this._starting;
  }

  private listen(): Promise<PrometheusReaderAddress> {
    const { host, port, endpoint } = this._settings;
    const server = createServer((req, res) => this.handleServerRequest(req, res));
    this._server = server;
    this._connections = new ServerConnections(server);
    return new Promise<PrometheusReaderAddress>((resolve, reject) => {
      const onError = (error: Error) => {
        diag.error(`PrometheusReader: could not listen on ${host}:${port}: ${error.message}`);
        this._server = undefined;
        this._rejectReady(error);
        reject(error);
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        server.on('error', (error) => diag.error(`PrometheusReader: server error: ${error.message}`));
        const bound = server.address() as AddressInfo;
        const urlHost = host.includes(':') ? `[${host}]` : host;
        const address = { host, port: bound.port, url: `http://${urlHost}:${bound.port}${endpoint}` };
        this._address = address;
        this._resolveReady(address);
        resolve(address);
      });
    });
  }

  override setMetricProducer(metricProducer: MetricProducer): void {
    super.setMetricProducer(metricProducer);
    this._registered = true;
  }

  /**
   * The current metrics as exposition text, for apps that serve them themselves (a Next.js
   * route, a framework without node request objects). Runs one collection, shared with any
   * scrape already collecting. Text formats only: the protobuf format (native histograms) is
   * served by `getMetricsRequestHandler`.
   */
  async getMetrics(options: GetMetricsOptions = {}): Promise<MetricsResponse> {
    const { contentType, body } = await this.exposition(options.accept, TEXT_FORMATS);
    return { contentType, body: (body as Buffer).toString('utf8') };
  }

  private async exposition(accept: string | string[] | null | undefined, formats: readonly ScrapeFormat[]): Promise<Exposition> {
    if (this._closing) throw new PrometheusReaderShutdownError();
    if (!this._registered) throw new PrometheusReaderNotRegisteredError();
    // With a prom-client registry attached, the scrape has to be in the registry's format.
    const allowed = this._promClient ? [registryFormat(this._promClient)] : formats;
    const format = negotiateFormat(accept, allowed);
    const [result, promClientText] = await Promise.all([this._collection.run(), this.promClientMetrics()]);
    if (format === 'protobuf') {
      return { contentType: PROTOBUF_CONTENT_TYPE, body: this._serializer.serializeProtobuf(result.resourceMetrics) };
    }
    const eof = format === 'openmetrics' ? '# EOF\n' : '';
    // Written after meterkit's families, into the same bytes.
    const trailer =
      promClientText === undefined
        ? () => eof
        : (names: Set<string>) => filterPromClientExposition(promClientText, names, (family) => this.warnDuplicate(family)) + eof;
    const { bytes } = this._serializer.serializeToBytes(result.resourceMetrics, format, trailer);
    return { contentType: contentTypeOf(format), body: bytes };
  }

  /**
   * A node `http` request listener serving the metrics: use it in an existing http server,
   * as an express route handler, or with fastify's `reply.raw`. Answers 503 during and after
   * shutdown, 500 (and a diag error) when the collection fails.
   */
  readonly getMetricsRequestHandler = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    this.exposition(req.headers.accept, SCRAPE_FORMATS).then(
      async ({ contentType, body }) => {
        const headers: Record<string, string> = { 'Content-Type': contentType, Vary: 'Accept, Accept-Encoding' };
        let payload: Buffer;
        if (acceptsGzip(req.headers['accept-encoding'])) {
          payload = await gzip(body);
          headers['Content-Encoding'] = 'gzip';
        } else {
          // The text formats are written as bytes already (byte-writer.ts): sent as they are.
          payload = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
        }
        if (this._closing) headers.Connection = 'close';
        respond(res, 200, payload, headers, req.method === 'HEAD');
      },
      (error: unknown) => {
        if (error instanceof PrometheusReaderShutdownError || this._closing) {
          respond(res, 503, 'Service Unavailable: the metrics reader is shut down\n', { Connection: 'close' });
        } else if (error instanceof PrometheusReaderNotRegisteredError) {
          respond(res, 503, 'Service Unavailable: the metrics reader is not registered on a MeterProvider yet\n');
        } else {
          diag.error('PrometheusReader: collection failed', error);
          respond(res, 500, 'Internal Server Error: metrics collection failed\n');
        }
      },
    ).catch((error: unknown) => {
      diag.error('PrometheusReader: could not write the metrics response', error);
      if (!res.headersSent) respond(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  };

  private handleServerRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== this._settings.endpoint) {
      respond(res, 404, `Not Found: metrics are served at ${this._settings.endpoint}\n`);
      return;
    }
    this.getMetricsRequestHandler(req, res);
  }

  /** One collection, delta data made cumulative: exactly once per collection, however many scrapes share it. */
  private async collectForScrape(): Promise<CollectionResult> {
    const collected = await this.collect({ timeoutMillis: this._collectionTimeoutMillis });
    const result = { ...collected, resourceMetrics: this._deltas.convert(collected.resourceMetrics) };
    if (result.errors.length > 0) {
      // The data that was collected is still served; the failures are only logged.
      diag.error(`PrometheusReader: ${result.errors.length} error(s) during collection; serving the data collected`, ...result.errors);
    }
    return result;
  }

  private async promClientMetrics(): Promise<string | undefined> {
    if (this._promClient === undefined) return undefined;
    try {
      return await this._promClient.metrics();
    } catch (error) {
      diag.error('PrometheusReader: the prom-client registry failed to produce its metrics; serving meterkit metrics only', error);
      return undefined;
    }
  }

  private warnDuplicate(family: string): void {
    if (this._warnedDuplicates.has(family)) return;
    if (this._warnedDuplicates.size < 1000) this._warnedDuplicates.add(family);
    diag.warn(`PrometheusReader: prom-client metric "${family}" has the name of a meterkit metric; serving meterkit's only`);
  }

  /** Closes the reader's own server (later scrapes get 503). */
  protected override async onShutdown(): Promise<void> {
    this._closing = true;
    this._rejectReady(new PrometheusReaderShutdownError());
    const server = this._server;
    this._server = undefined;
    if (server === undefined || !server.listening) return;
    // In-flight scrapes finish; idle and half-open connections do not hold shutdown open.
    await this._connections!.close(server);
  }

  /** Nothing to flush: a pull reader collects on each scrape. */
  protected override async onForceFlush(): Promise<void> {
    // Pull reader: there is nothing to push; data waits for the next scrape.
  }
}
