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

  it('schedule runs down-then-up', async () => {
    await proxy.schedule([
      { mode: 'refuse', ms: 300 },
      { mode: 'pass', ms: 0 },
    ]);
    expect(proxy.mode).toBe('pass');
    expect((await exchange(proxy.port, 'up')).data).toBe('up');
  });
});
