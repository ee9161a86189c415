// Collector answers that ask the exporter to come back later (HTTP 429/503 with Retry-After,
// gRPC UNAVAILABLE/RESOURCE_EXHAUSTED with RetryInfo), produced by tools/otlp-sink behind the
// fault proxy; one child process per scenario. Includes the README's SIGTERM pattern against a
// collector that answers 503 once: the process must deliver and exit by itself with code 0.
import { expectHealthy, runScenario } from './scenario';

jest.setTimeout(60_000);

// Retry-After is in whole seconds: the exporter's budget must hold a 1 s wait and a retry.
const RETRY_AFTER_CONFIG = { exportIntervalMillis: 2500, exportTimeoutMillis: 2500, exporterTimeoutMillis: 2200 };

describe('collector asks to retry later', () => {
  it('README SIGTERM pattern, collector answers 503 + Retry-After once: the last export is retried and delivered, the process exits 0 by itself', async () => {
    const result = await runScenario({
      protocol: 'http',
      // No scheduled export: the one at shutdown is the only one.
      config: { exportIntervalMillis: 60_000, exportTimeoutMillis: 5000, exporterTimeoutMillis: 4000, shutdownTimeoutMillis: 8000 },
      script: async ({ sink, sleep }) => {
        await sleep(1000);
        sink.enqueue({ httpStatus: 503, retryAfterSeconds: 1 });
      },
    });
    expectHealthy(result, 8000);
    expect(result.accepted).toEqual([false, true]);
    expect(result.report.shutdownMillis).toBeGreaterThanOrEqual(900); // it did wait for Retry-After
    expect(result.delivered).toBe(result.report.recorded);
  });

  it('HTTP 429 + Retry-After for a while: nothing is lost', async () => {
    const result = await runScenario({
      protocol: 'http',
      config: RETRY_AFTER_CONFIG,
      script: async ({ sink, sleep }) => {
        await sleep(500);
        sink.setDefaultBehaviour({ httpStatus: 429, retryAfterSeconds: 1 });
        await sleep(3000);
        sink.setDefaultBehaviour(undefined);
        await sleep(3000);
      },
    });
    expectHealthy(result);
    expect(result.accepted.filter((a) => !a).length).toBeGreaterThan(0);
    expect(result.delivered).toBe(result.report.recorded);
  });

  it.each([
    ['UNAVAILABLE', 14],
    ['RESOURCE_EXHAUSTED', 8],
  ])('gRPC %s with RetryInfo for a while: nothing is lost', async (_name, grpcCode) => {
    const result = await runScenario({
      protocol: 'grpc',
      config: RETRY_AFTER_CONFIG,
      script: async ({ sink, sleep }) => {
        await sleep(500);
        sink.setDefaultBehaviour({ grpcCode, retryAfterSeconds: 1 });
        await sleep(3000);
        sink.setDefaultBehaviour(undefined);
        await sleep(3000);
      },
    });
    expectHealthy(result);
    expect(result.accepted.filter((a) => !a).length).toBeGreaterThan(0);
    expect(result.delivered).toBe(result.report.recorded);
  });
});
