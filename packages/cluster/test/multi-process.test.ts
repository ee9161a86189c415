// Real processes: a primary and 4 cluster workers serving HTTP on one port (and a main thread
// with a pool of 4 worker threads), under load, with a worker killed hard and replaced in the
// middle. The primary's Prometheus endpoint (scraped over HTTP and by a real Prometheus when
// installed) shows the total the load generator got answers for, and the OTLP sink receives
// one merged stream.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { findBinary, freePort, startPrometheus, warnMissing, type RunningPrometheus } from '../../reader-prometheus/test/support/prometheus-tools';

jest.setTimeout(120_000);

const prometheusBinary = findBinary('prometheus');

function get(url: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
  });
}

/** Sends `total` requests, `concurrency` at a time, each on a new connection; returns how many got a 200. */
async function load(url: string, total: number, concurrency = 16): Promise<{ ok: number; bodies: Set<string> }> {
  const agent = new http.Agent({ keepAlive: false });
  let sent = 0;
  let ok = 0;
  const bodies = new Set<string>();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++;
        const res = await get(url, agent).catch(() => undefined);
        if (res?.status === 200) {
          ok++;
          bodies.add(res.body);
        }
      }
    }),
  );
  agent.destroy();
  return { ok, bodies };
}

function counterTotal(exposition: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (line.startsWith('http_server_requests_total')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

interface App {
  child: ChildProcess;
  request(cmd: string, answer: string): Promise<void>;
}

function startApp(mode: string, env: Record<string, string>): Promise<App> {
  const child = fork(join(__dirname, 'fixtures', 'app.js'), [], { env: { ...process.env, ...env, MODE: mode, WORKERS: '4' }, stdio: 'inherit' });
  const waitFor = (answer: string) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m[answer]) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`app exited with ${code} while waiting for ${answer}`)));
    });
  const app: App = {
    child,
    request: (cmd, answer) => {
      const done = waitFor(answer);
      child.send({ cmd });
      return done;
    },
  };
  return waitFor('ready').then(() => app);
}

async function eventually<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: last value ${JSON.stringify(last)}`);
}

describe.each(['cluster', 'threads'])('%s: one view of 4 workers', (mode) => {
  let sink: OtlpSink;
  let app: App | undefined;
  let prometheus: RunningPrometheus | undefined;

  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      await app.request('stop', 'stopped').catch(() => undefined);
      app.child.kill('SIGKILL');
    }
    await prometheus?.stop();
    await sink?.close();
  });

  it('counts every request once, also after a worker is killed and replaced', async () => {
    sink = await startOtlpSink({ host: '127.0.0.1', httpPort: 0, grpcPort: false });
    const appPort = await freePort();
    const promPort = await freePort();
    app = await startApp(mode, { APP_PORT: String(appPort), PROM_PORT: String(promPort), SINK_URL: sink.httpUrl });
    const agent = new http.Agent({ keepAlive: false });
    const scrape = async () => counterTotal((await get(`http://127.0.0.1:${promPort}/metrics`, agent)).body);
    if (prometheusBinary) {
      prometheus = await startPrometheus(prometheusBinary, [{ job: 'primary', target: `127.0.0.1:${promPort}`, path: '/metrics' }]);
    } else {
      warnMissing('prometheus');
    }

    const first = await load(`http://127.0.0.1:${appPort}/`, 400);
    expect(first.ok).toBe(400);
    if (mode === 'cluster') expect(first.bodies.size).toBeGreaterThan(1); // several workers served
    // Polled: on a loaded machine a worker may answer after the group's timeout, and that
    // scrape then holds its previous state; a wrong total never becomes right by waiting.
    const scrapesTo = (expected: number) => eventually(`scrape total ${expected}`, scrape, (v) => v === expected);
    expect(await scrapesTo(first.ok)).toBe(first.ok);

    // A hard kill (SIGKILL / terminate) after a collection: nothing of the dead worker is lost.
    await app.request('kill', 'replaced');
    expect(await scrapesTo(first.ok)).toBe(first.ok); // not backwards, not doubled

    // Load while the scrapes go on: the total never goes down, and ends at what was answered.
    const seen: number[] = [];
    let loading = true;
    const watcher = (async () => {
      while (loading) {
        seen.push(await scrape());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const second = await load(`http://127.0.0.1:${appPort}/`, 600);
    loading = false;
    await watcher;
    const total = first.ok + second.ok;
    expect(second.ok).toBe(600);
    expect(await scrapesTo(total)).toBe(total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);

    // The OTLP sink gets one merged stream (one series, not one per worker) with the same total.
    const point = await sink.waitForPoints((p) => p.name === 'http_server_requests' && p.value === total, 30_000);
    const request = sink.requests[point.requestIndex];
    expect(sink.points().filter((p) => p.requestIndex === point.requestIndex && p.name === 'http_server_requests')).toHaveLength(1);
    expect(point.temporality).toBe('cumulative');
    expect(request).toBeDefined();

    if (prometheus) {
      const url = `${prometheus.url}/api/v1/query?query=${encodeURIComponent('sum(http_server_requests_total)')}`;
      const value = await eventually(
        'Prometheus sum(http_server_requests_total)',
        async () => Number(JSON.parse((await get(url, agent)).body).data.result[0]?.value[1]),
        (v) => v === total,
      );
      expect(value).toBe(total);
    }
    agent.destroy();
  });
});
