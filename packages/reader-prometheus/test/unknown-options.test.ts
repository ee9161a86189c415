import * as net from 'node:net';
import { PrometheusReader } from '../src';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('PrometheusReader: misspelled option names', () => {
  it('are rejected at construction, naming the option and the closest valid one, before any server starts', async () => {
    const port = await freePort();
    expect(() => new PrometheusReader({ host: '127.0.0.1', port, endpont: '/m' } as never)).toThrow(
      /PrometheusReader: unknown option 'endpont' \(did you mean 'endpoint'\?\)/,
    );
    expect(() => new PrometheusReader({ prot: 9000 } as never)).toThrow(/'prot' \(did you mean 'port'\?\)/);
    expect(await isListening(port)).toBe(false);
  });

  it('accept every documented option name', async () => {
    const reader = new PrometheusReader({
      host: '127.0.0.1',
      port: 0,
      endpoint: '/metrics',
      preventServerStart: true,
      collectionTimeoutMillis: 1000,
      metricProducers: [],
      withoutUnits: true,
      withoutTotalSuffix: true,
      withoutScopeInfo: true,
      withoutTargetInfo: true,
      withResourceConstantLabels: ['service.name'],
    });
    await reader.shutdown();
  });
});
