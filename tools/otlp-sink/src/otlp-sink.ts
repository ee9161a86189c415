import { GrpcReceiver, startGrpcReceiver } from './grpc-receiver';
import { HttpReceiver, startHttpReceiver } from './http-receiver';
import { SinkState } from './sink-state';
import type { OtlpSink, OtlpSinkOptions, ReceivedPoint, ReceivedRequest, SinkBehaviour } from './types';

const DEFAULT_WAIT_MS = 5000;

/**
 * Starts an OTLP metrics receiver (OTLP/HTTP and OTLP/gRPC) on loopback. Both servers listen on
 * free ports unless told otherwise; `close()` it when done.
 */
export async function startOtlpSink(options: OtlpSinkOptions = {}): Promise<OtlpSink> {
  const host = options.host ?? '127.0.0.1';
  const httpPort = options.httpPort === undefined ? 0 : options.httpPort;
  const grpcPort = options.grpcPort === undefined ? 0 : options.grpcPort;
  const state = new SinkState();
  let http: HttpReceiver | undefined;
  let grpcReceiver: GrpcReceiver | undefined;
  try {
    if (typeof httpPort === 'number') http = await startHttpReceiver(state, host, httpPort, options.tls);
    if (typeof grpcPort === 'number') grpcReceiver = await startGrpcReceiver(state, host, grpcPort, options.tls);
  } catch (err) {
    // Do not leave the first server listening when the second cannot start.
    state.shutdown();
    await http?.close();
    await grpcReceiver?.close();
    throw err;
  }
  return new Sink(state, http, grpcReceiver);
}

class Sink implements OtlpSink {
  readonly httpUrl: string;
  readonly grpcAddress: string;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly state: SinkState,
    private readonly http: HttpReceiver | undefined,
    private readonly grpc: GrpcReceiver | undefined,
  ) {
    this.httpUrl = http?.url ?? '';
    this.grpcAddress = grpc?.address ?? '';
  }

  get requests(): ReceivedRequest[] {
    return this.state.requests;
  }

  get attempts(): number {
    return this.state.attempts;
  }

  set attempts(n: number) {
    this.state.attempts = n;
  }

  points(): ReceivedPoint[] {
    return this.state.points();
  }

  waitForRequests(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.state
      .waitFor(
        () => (this.state.requests.length >= count ? true : undefined),
        timeoutMs,
        () => `waiting for ${count} request(s); received ${this.state.requests.length} (attempts: ${this.state.attempts})`,
      )
      .then(() => undefined);
  }

  waitForPoints(predicate: (p: ReceivedPoint) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedPoint> {
    return this.state.waitFor(
      () => this.state.points().find(predicate),
      timeoutMs,
      () => {
        const names = [...new Set(this.state.points().map((p) => p.name))];
        return `waiting for a matching point; received ${this.state.requests.length} request(s) with metrics [${names.join(', ')}]`;
      },
    );
  }

  onRequest(listener: (request: ReceivedRequest, points: ReceivedPoint[]) => void): () => void {
    return this.state.onRequest(listener);
  }

  enqueue(...behaviours: SinkBehaviour[]): void {
    this.state.enqueue(behaviours);
  }

  setDefaultBehaviour(b: SinkBehaviour | undefined): void {
    this.state.setDefaultBehaviour(b);
  }

  reset(): void {
    this.state.reset();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state.shutdown();
      await Promise.all([this.http?.close(), this.grpc?.close()]);
    })();
    return this.closing;
  }
}
