import { metrics } from '@opentelemetry/api';
import { runDemo } from '../src';

describe('the demo, end to end in a short run', () => {
  it('reads back from the OTLP sink and from Prometheus exactly the requests the load generator counted', async () => {
    const result = await runDemo({ durationMs: 2000, quiet: true, consoleIntervalMs: 500, otlpIntervalMs: 500, useOtlpEnvEndpoint: false });

    // The load did happen, with the mix it is meant to have.
    expect(result.load.total).toBeGreaterThan(50);
    expect(result.load.requestsByClass['2xx']).toBeGreaterThan(0);
    expect(result.load.requestsByClass['4xx']).toBeGreaterThan(0);
    expect(result.load.requestsByClass['5xx']).toBeGreaterThan(0);
    expect(result.load.errors).toBe(result.load.requestsByClass['5xx']);

    // Exact counts per status code, and errors, in both backends.
    expect(result.sink).toBeDefined();
    expect(result.sink!.requestsByStatus).toEqual(result.load.requestsByStatus);
    expect(result.sink!.errors).toBe(result.load.errors);
    expect(result.prometheus.requestsByStatus).toEqual(result.load.requestsByStatus);
    expect(result.prometheus.errors).toBe(result.load.errors);
    expect(result.matches).toBe(true);

    // Latency estimates exist and are ordered.
    for (const source of [result.sink!, result.prometheus]) {
      const { p50, p90, p99 } = source.latencyMs;
      expect(p50).toBeGreaterThan(0);
      expect(p90!).toBeGreaterThanOrEqual(p50!);
      expect(p99!).toBeGreaterThanOrEqual(p90!);
    }

    // The requests ran in spans: each backend read back a latency exemplar naming one of them.
    expect(result.exemplarsOk).toBe(true);
    for (const source of [result.sink!, result.prometheus]) {
      expect(source.slowestExemplar).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(source.slowestExemplar!.valueSeconds).toBeGreaterThan(0);
    }
    expect(result.summaryText).toMatch(/Slowest exemplar of http\.server\.request\.duration/);
    expect(result.summaryText.match(/✓ span "/g)).toHaveLength(2);

    // Every path was used: several OTLP requests, console exports, and the summary text.
    expect(result.sinkRequests).toBeGreaterThanOrEqual(2);
    expect(result.consoleExports).toBeGreaterThanOrEqual(2);
    expect(result.urls.prometheus).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(result.summaryText).toContain('Prometheus scrape');
    expect(result.summaryText).not.toContain('✗');

    // The global provider was unregistered: the API is back to its no-op default.
    const counter = metrics.getMeter('after').createCounter('x');
    expect(() => counter.add(1)).not.toThrow();
  });
});
