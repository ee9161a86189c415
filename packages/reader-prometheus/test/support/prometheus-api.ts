// Asking a running Prometheus over its HTTP API, polling until the answer is there (it needs a
// moment to start and scrape).
import { httpGet } from './http';
import { sleep, type RunningPrometheus } from './prometheus-tools';

export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

export interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>;
}

async function poll<T>(prometheus: RunningPrometheus, what: string, timeoutMs: number, ask: () => Promise<T[] | undefined>, enough: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await ask().catch(() => undefined);
    if (result !== undefined && result.length >= enough) return result;
    if (Date.now() > deadline) throw new Error(`no result for ${what} within ${timeoutMs} ms; prometheus logs:\n${prometheus.logs()}`);
    await sleep(250);
  }
}

/** `/api/v1/query` until it returns at least one series. */
export function queryEventually(prometheus: RunningPrometheus, expr: string, timeoutMs = 20_000): Promise<QueryResult[]> {
  return poll(prometheus, expr, timeoutMs, async () => {
    const res = await httpGet(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return res.status === 200 ? (JSON.parse(res.body) as { data: { result: QueryResult[] } }).data.result : undefined;
  }, 1);
}

/** `/api/v1/query_exemplars` over the last hour until it returns at least `series` series with exemplars. */
export function queryExemplarsEventually(prometheus: RunningPrometheus, selector: string, series = 1, timeoutMs = 20_000): Promise<ExemplarSeries[]> {
  return poll(prometheus, `exemplars of ${selector}`, timeoutMs, async () => {
    const end = Date.now() / 1000 + 60;
    const start = end - 3600;
    const res = await httpGet(`${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(selector)}&start=${start}&end=${end}`);
    if (res.status !== 200) return undefined;
    return (JSON.parse(res.body) as { data: ExemplarSeries[] | null }).data ?? [];
  }, series);
}
