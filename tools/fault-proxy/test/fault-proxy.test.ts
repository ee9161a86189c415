// The proxy itself, at TCP level, in front of an echo server: each mode does to a connection
// what it says.
import * as net from 'net';
import { startFaultProxy, type FaultProxy } from '../src';

function echoServer(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.pipe(s));
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Connects, sends `text`, resolves with what came back within `waitMs` or how the socket failed. */
function exchange(port: number, text: string, waitMs = 400): Promise<{ data: string; error?: string; closed: boolean; millis: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let data = '';
    let error: string | undefined;
    let closed = false;
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d) => {
      data += d;
      if (data === text) finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => {
      closed = true;
      finish();
    });
    const timer = setTimeout(finish, waitMs);
    function finish() {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data, error, closed, millis: Date.now() - started });
    }
  });
}

describe('fault proxy', () => {
  let echo: net.Server;
  let proxy: FaultProxy;
  beforeAll(async () => {
    echo = await echoServer();
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port } });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((r) => echo.close(r));
  });

  it('pass forwards both ways', async () => {
    await proxy.setMode('pass');
    expect(await exchange(proxy.port, 'hello')).toMatchObject({ data: 'hello', error: undefined });
  });

  it('refuse makes connecting fail with ECONNREFUSED, on the same port, until it is up again', async () => {
    const port = proxy.port;
    await proxy.setMode('refuse');
    expect(await exchange(port, 'x')).toMatchObject({ data: '', error: 'ECONNREFUSED' });
    await proxy.setMode('pass');
    expect(proxy.port).toBe(port);
    expect((await exchange(port, 'back')).data).toBe('back');
  });

  it('blackhole accepts and never answers nor closes', async () => {
    await proxy.setMode('blackhole');
    expect(await exchange(proxy.port, 'anyone?', 300)).toMatchObject({ data: '', error: undefined, closed: false });
  });

  it('reset resets every connection', async () => {
    await proxy.setMode('reset');
    expect(await exchange(proxy.port, 'x')).toMatchObject({ data: '', error: 'ECONNRESET', closed: true });
  });

  it('slow delays each chunk in each direction', async () => {
    await proxy.setMode('slow', { latencyMs: 150 });
    const result = await exchange(proxy.port, 'slowly', 2000);
    expect(result.data).toBe('slowly');
    expect(result.millis).toBeGreaterThanOrEqual(290);
  });

  it('a fault ends open connections, so keep-alive sockets cannot bypass it', async () => {
    await proxy.setMode('pass');
    const socket = net.connect(proxy.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise<string | undefined>((resolve) => {
      let code: string | undefined;
      socket.on('error', (e: NodeJS.ErrnoException) => (code = e.code));
      socket.on('close', () => resolve(code));
    });
    await proxy.setMode('blackhole');
    expect(await closed).toBe('ECONNRESET');
  });

  it('a fault that meets a connection its client has just closed leaves no socket open', async () => {
    // The client closes; the proxy reads its FIN and answers with its own, and its socket
    // closes a moment later. A fault in that moment must still close the socket: a reset there
    // once left a TCP handle open for good, which kept the test process alive. A second client's
    // connect, handled in the same loop turn as the first one's FIN, brings the fault into that
    // moment; eight rounds, in case one turn sees them in the other order.
    const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const turn = () => new Promise((r) => setImmediate(r));
    // The earlier tests' sockets finish closing first: the count holds still for 20 turns.
    let before = openSockets();
    for (let still = 0, turns = 0; still < 20 && turns < 1000; turns++) {
      await turn();
      const now = openSockets();
      still = now === before ? still + 1 : 0;
      before = now;
    }
    for (let round = 0; round < 8; round++) {
      await proxy.setMode('pass');
      expect((await exchange(proxy.port, 'bye')).data).toBe('bye');
      const next = net.connect(proxy.port, '127.0.0.1');
      next.on('error', () => {});
      await new Promise((r) => next.once('connect', r));
      await proxy.setMode('blackhole');
      next.destroy();
    }
    await proxy.setMode('pass');
    // Closing sockets take a few turns more (FINs, then each handle's close); a leaked one
    // never goes.
    for (let i = 0; i < 1000 && openSockets() > before; i++) await turn();
    expect(openSockets()).toBe(before);
  });

  it('schedule runs down-then-up', async () => {
    await proxy.schedule([
      { mode: 'refuse', ms: 300 },
      { mode: 'pass', ms: 0 },
    ]);
    expect(proxy.mode).toBe('pass');
    expect((await exchange(proxy.port, 'up')).data).toBe('up');
  });
});
