// A TCP proxy that injects network faults between an exporter and a collector (tools/otlp-sink),
// so reliability tests meet the failures real networks produce: refused connections, silent
// (blackholed) peers, resets, slow links and outages that end. Protocol-level faults (HTTP
// 429/503 with Retry-After, gRPC UNAVAILABLE/RESOURCE_EXHAUSTED with RetryInfo) are the sink's
// behaviours; this proxy works below them, on bytes.
//
// Invariant: a mode change applies to new connections and ends every open one that the new
// mode would not carry (keep-alive sockets would otherwise bypass the fault).
import * as net from 'net';

export type FaultMode =
  /** Forward bytes both ways. */
  | 'pass'
  /** Stop listening: connecting fails with ECONNREFUSED. */
  | 'refuse'
  /** Accept connections and never answer (no bytes, no FIN). */
  | 'blackhole'
  /** Accept connections and reset them at once (RST). */
  | 'reset'
  /** Forward, but hold every chunk for `latencyMs` in each direction. */
  | 'slow';

export interface FaultProxyOptions {
  /** The collector to forward to. */
  target: { host: string; port: number };
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: a free port, kept across `refuse` phases). */
  port?: number;
  /** Initial mode (default 'pass'). */
  mode?: FaultMode;
  /** Delay per chunk in 'slow' mode (default 200 ms). */
  latencyMs?: number;
}

export interface FaultStep {
  mode: FaultMode;
  /** How long the step lasts before the next one. */
  ms: number;
}

export interface FaultProxyStats {
  /** Connections accepted (all modes). */
  connections: number;
  /** Connections reset by the proxy ('reset' mode or a mode change). */
  resets: number;
  /** Bytes forwarded to the target and back. */
  bytesUp: number;
  bytesDown: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** `host:port`, for gRPC exporters. */
  readonly address: string;
  /** `http://host:port`, for HTTP exporters. */
  readonly url: string;
  readonly mode: FaultMode;
  readonly stats: FaultProxyStats;
  setMode(mode: FaultMode, options?: { latencyMs?: number }): Promise<void>;
  /** Runs the steps one after the other (e.g. down-then-up); resolves after the last one began. */
  schedule(steps: FaultStep[]): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const proxy = new TcpFaultProxy(options);
  await proxy.start(options.mode ?? 'pass');
  return proxy;
}

/** One direction of a link: chunks leave in arrival order, each no earlier than its due time. */
interface Direction {
  to: net.Socket;
  queue: Array<{ chunk: Buffer; due: number }>;
  timer?: NodeJS.Timeout;
}

interface Link {
  client: net.Socket;
  upstream?: net.Socket;
  directions: Direction[];
}

class TcpFaultProxy implements FaultProxy {
  readonly host: string;
  port: number;
  mode: FaultMode = 'pass';
  readonly stats: FaultProxyStats = { connections: 0, resets: 0, bytesUp: 0, bytesDown: 0 };
  private latencyMs: number;
  private server?: net.Server;
  private readonly links = new Set<Link>();
  private closed = false;
  private scheduleTimer?: NodeJS.Timeout;

  constructor(private readonly options: FaultProxyOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.latencyMs = options.latencyMs ?? 200;
  }

  get address(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  get url(): string {
    return `http://${this.address}`;
  }

  async start(mode: FaultMode): Promise<void> {
    await this.listen();
    await this.setMode(mode);
  }

  async setMode(mode: FaultMode, options: { latencyMs?: number } = {}): Promise<void> {
    if (this.closed) throw new Error('fault proxy is closed');
    if (options.latencyMs !== undefined) this.latencyMs = options.latencyMs;
    const previous = this.mode;
    this.mode = mode;
    // Open connections: 'pass' <-> 'slow' keep flowing; anything else ends them.
    const carries = (m: FaultMode) => m === 'pass' || m === 'slow';
    if (!(carries(previous) && carries(mode))) {
      for (const link of [...this.links]) this.resetLink(link);
    }
    if (mode === 'refuse') await this.unlisten();
    else await this.listen();
  }

  schedule(steps: FaultStep[]): Promise<void> {
    clearTimeout(this.scheduleTimer);
    return new Promise((resolve, reject) => {
      const run = (i: number) => {
        if (i >= steps.length || this.closed) return resolve();
        this.setMode(steps[i]!.mode).then(() => {
          if (i === steps.length - 1) return resolve();
          this.scheduleTimer = setTimeout(() => run(i + 1), steps[i]!.ms);
        }, reject);
      };
      run(0);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.scheduleTimer);
    for (const link of [...this.links]) this.resetLink(link);
    await this.unlisten();
  }

  private listen(): Promise<void> {
    if (this.server !== undefined) return Promise.resolve();
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private unlisten(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    this.server = undefined;
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.stats.connections++;
    const link: Link = { client, directions: [] };
    this.links.add(link);
    client.on('error', () => this.drop(link));
    client.on('close', () => this.drop(link));
    switch (this.mode) {
      case 'reset':
      case 'refuse': // a connection accepted just before the listener closed
        this.resetLink(link);
        return;
      case 'blackhole':
        // Read and discard, answer nothing: the peer sees a live but silent connection.
        client.on('data', () => {});
        return;
      default:
        this.connectUpstream(link);
    }
  }

  private connectUpstream(link: Link): void {
    const upstream = net.connect(this.options.target.port, this.options.target.host);
    link.upstream = upstream;
    upstream.on('error', () => this.resetLink(link));
    upstream.on('close', () => this.resetLink(link));
    const up: Direction = { to: upstream, queue: [] };
    const down: Direction = { to: link.client, queue: [] };
    link.directions.push(up, down);
    link.client.on('data', (chunk: Buffer) => {
      this.stats.bytesUp += chunk.length;
      this.forward(up, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      this.stats.bytesDown += chunk.length;
      this.forward(down, chunk);
    });
  }

  private forward(direction: Direction, chunk: Buffer): void {
    const delay = this.mode === 'slow' ? this.latencyMs : 0;
    if (delay === 0 && direction.queue.length === 0) {
      direction.to.write(chunk);
      return;
    }
    direction.queue.push({ chunk, due: Date.now() + delay });
    this.pump(direction);
  }

  private pump(direction: Direction): void {
    if (direction.timer !== undefined) return;
    const head = direction.queue[0];
    if (head === undefined) return;
    direction.timer = setTimeout(() => {
      direction.timer = undefined;
      const now = Date.now();
      while (direction.queue.length > 0 && direction.queue[0]!.due <= now) {
        const { chunk } = direction.queue.shift()!;
        if (!direction.to.destroyed) direction.to.write(chunk);
      }
      this.pump(direction);
    }, Math.max(0, head.due - Date.now()));
  }

  private resetLink(link: Link): void {
    if (!this.links.has(link)) return;
    this.stats.resets++;
    // RST before the cleanup in drop(), which would otherwise end the socket with a FIN.
    // Not on a socket that has already ended its side (the peer closed first and Node answered
    // with its FIN): libuv refuses to reset a socket with a shutdown under way (EINVAL), and
    // Node 20 then drops the handle without closing it, a TCP handle that keeps the process
    // alive for good. Its peer has its FIN already, so plain destroy() in drop() is all it needs.
    if (!link.client.destroyed && !link.client.writableEnded) link.client.resetAndDestroy();
    this.drop(link);
  }

  private drop(link: Link): void {
    if (!this.links.delete(link)) return;
    for (const direction of link.directions) {
      clearTimeout(direction.timer);
      direction.queue.length = 0;
    }
    if (!link.client.destroyed) link.client.destroy();
    if (link.upstream && !link.upstream.destroyed) link.upstream.destroy();
  }
}
