// The receiver and exporter lifecycle the OTLP/HTTP and OTLP/gRPC e2e files share. The sink is
// passed in as a start function (each transport starts it with its own port options) and typed
// structurally, so this package needs no dependency on @meterkit/otlp-sink.
import { makeTestPki, type TestPki } from './tls';

interface ResettableSink {
  reset(): void;
  setDefaultBehaviour(behaviour: undefined): void;
  close(): Promise<void>;
}

/**
 * One receiver for the whole file: started before all tests, cleared (requests, queued and
 * default behaviours) before each, closed after all. `use` receives it once it is listening.
 */
export function sinkPerFile<S extends ResettableSink>(start: () => Promise<S>, use: (sink: S) => void): void {
  let sink: S | undefined;
  beforeAll(async () => {
    sink = await start();
    use(sink);
  });
  afterAll(() => sink?.close());
  beforeEach(() => {
    sink?.reset();
    sink?.setDefaultBehaviour(undefined);
  });
}

export interface ServerTls {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
  requireClientCert?: boolean;
}

export interface TlsSinks<S> {
  pki: TestPki;
  /** Server certificate from the test CA, no client certificate asked. */
  tlsSink: S;
  /** Same server certificate, and a client certificate from the test CA required. */
  mtlsSink: S;
}

/** A test CA and two receivers using it (TLS and mTLS) for the whole file; all removed after all. */
export function tlsSinksPerFile<S extends { close(): Promise<void> }>(start: (tls: ServerTls) => Promise<S>, use: (sinks: TlsSinks<S>) => void): void {
  let sinks: TlsSinks<S> | undefined;
  beforeAll(async () => {
    const pki = makeTestPki();
    const tlsSink = await start({ key: pki.serverKey, cert: pki.serverCert });
    const mtlsSink = await start({ key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requireClientCert: true });
    sinks = { pki, tlsSink, mtlsSink };
    use(sinks);
  });
  afterAll(async () => {
    if (!sinks) return;
    await Promise.all([sinks.tlsSink.close(), sinks.mtlsSink.close()]);
    sinks.pki.remove();
  });
}

/** Returns `track`: every exporter passed through it is shut down (100 ms timeout) after each test. */
export function shutDownAfterEach<E extends { shutdown(options?: { timeoutMillis?: number }): Promise<void> }>(): (exporter: E) => E {
  const live: E[] = [];
  afterEach(async () => {
    await Promise.all(live.splice(0).map((e) => e.shutdown({ timeoutMillis: 100 })));
  });
  return (exporter) => {
    live.push(exporter);
    return exporter;
  };
}
