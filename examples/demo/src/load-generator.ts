// The load generator: a few concurrent clients sending a mix of requests to the service for a
// bounded time (or until aborted), counting every response by status, as the ground truth
// the metrics read back from the backends are compared with.
import * as http from 'http';
import { LatencySample } from './latency-sample';

export interface LoadOptions {
  baseUrl: string;
  /** How long to send requests; 0 = until `signal` aborts. */
  durationMs: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Stops sending new requests; those in flight finish and are counted. */
  signal?: AbortSignal;
  /** Called about every `progressIntervalMs` (default 250) with the counts so far. */
  onProgress?: (progress: LoadProgress) => void;
  progressIntervalMs?: number;
}

export interface LoadProgress {
  elapsedMs: number;
  durationMs: number;
  sent: number;
  completed: number;
  byStatus: Map<number, number>;
  networkErrors: number;
}

export interface LoadResult {
  elapsedMs: number;
  /** Responses received, by HTTP status. */
  byStatus: Map<number, number>;
  /** Requests that got no HTTP response (connection refused or reset): the service never counted them. */
  networkErrors: number;
  /** Latency seen by the client, in milliseconds (a uniform sample when the run is long). */
  latencyMs: LatencySample;
}

interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
}

/** The traffic mix: about 10 % of all requests end in a 500 (half the checkouts), about 7 % in a 404. */
const MIX: Array<{ weight: number; next: () => PlannedRequest }> = [
  { weight: 45, next: () => ({ method: 'GET', path: '/api/items' }) },
  { weight: 20, next: () => ({ method: 'GET', path: `/api/items/${1 + Math.floor(Math.random() * 1000)}` }) },
  { weight: 20, next: () => ({ method: 'POST', path: '/api/checkout' }) },
  { weight: 10, next: () => ({ method: 'GET', path: '/health' }) },
  { weight: 5, next: () => ({ method: 'GET', path: '/no-such-page' }) },
];
const TOTAL_WEIGHT = MIX.reduce((sum, entry) => sum + entry.weight, 0);

function pickRequest(): PlannedRequest {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    r -= entry.weight;
    if (r < 0) return entry.next();
  }
  return MIX[0].next();
}

function send(agent: http.Agent, baseUrl: string, planned: PlannedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(planned.path, baseUrl),
      { method: planned.method, agent, timeout: 10_000, headers: planned.method === 'POST' ? { 'content-length': 2 } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(planned.method === 'POST' ? '{}' : undefined);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const concurrency = options.concurrency ?? 8;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const byStatus = new Map<number, number>();
  const latencyMs = new LatencySample();
  let networkErrors = 0;
  let sent = 0;
  let completed = 0;
  const started = Date.now();
  const deadline = options.durationMs > 0 ? started + options.durationMs : Infinity;
  const stopped = () => options.signal?.aborted === true || Date.now() >= deadline;

  const report = () =>
    options.onProgress?.({
      elapsedMs: Date.now() - started,
      durationMs: options.durationMs,
      sent,
      completed,
      byStatus,
      networkErrors,
    });
  const progressTimer = setInterval(report, options.progressIntervalMs ?? 250);

  const worker = async (): Promise<void> => {
    while (!stopped()) {
      const planned = pickRequest();
      sent += 1;
      const t0 = process.hrtime.bigint();
      try {
        const status = await send(agent, options.baseUrl, planned);
        latencyMs.add(Number(process.hrtime.bigint() - t0) / 1e6);
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      } catch {
        networkErrors += 1;
        // Do not spin on a service that is down.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      completed += 1;
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(progressTimer);
    agent.destroy();
  }
  report();
  return { elapsedMs: Date.now() - started, byStatus, networkErrors, latencyMs };
}
