// Network faults between the exporter and the collector (TCP level, tools/fault-proxy), one
// child process per scenario. After recovery the collector must hold every measurement (the
// counter is cumulative: a failed export is caught up by the next one); during the fault the
// app must stay responsive with bounded memory; shutdown must finish within its timeout and
// the process exit by itself.
import { expectHealthy, runScenario } from './scenario';

jest.setTimeout(60_000);

describe('TCP faults (OTLP/HTTP through the fault proxy)', () => {
  it('down-then-up: the collector is unreachable at start and comes up later; nothing is lost', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await proxy.setMode('refuse');
        await sleep(2000);
        await proxy.setMode('pass');
        await sleep(1500);
      },
    });
    expectHealthy(result);
    expect(result.report.exportErrors.length).toBeGreaterThan(0);
    expect(result.delivered).toBe(result.report.recorded);
  });

  it('blackhole: the collector accepts and never answers for a while; nothing is lost', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await sleep(800);
        await proxy.setMode('blackhole');
        await sleep(2000);
        await proxy.setMode('pass');
        await sleep(1500);
      },
    });
    expectHealthy(result);
    expect(result.report.exportErrors.join('\n')).toMatch(/timed out|timeout/i);
    expect(result.delivered).toBe(result.report.recorded);
  });

  it('reset: every connection is reset for a while; nothing is lost', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await sleep(800);
        await proxy.setMode('reset');
        await sleep(2000);
        await proxy.setMode('pass');
        await sleep(1500);
      },
    });
    expectHealthy(result);
    expect(result.report.exportErrors.length).toBeGreaterThan(0);
    expect(result.delivered).toBe(result.report.recorded);
  });

  it('slow: every chunk is held 150 ms each way, shutdown included; nothing is lost', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await proxy.setMode('slow', { latencyMs: 150 });
        await sleep(3000);
      },
    });
    expectHealthy(result);
    expect(result.delivered).toBe(result.report.recorded);
  });

  it('collector blackholed at shutdown: shutdown still settles within its timeout and the process exits by itself', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await sleep(1500);
        await proxy.setMode('blackhole');
      },
    });
    expectHealthy(result);
    // The last export failed (and was reported); what was delivered before is still there.
    expect(result.report.exportErrors.length).toBeGreaterThan(0);
    expect(result.delivered).toBeGreaterThan(0);
    expect(result.delivered).toBeLessThan(result.report.recorded);
  });

  it('collector down (refusing) at shutdown: shutdown settles within its timeout and the process exits by itself', async () => {
    const result = await runScenario({
      protocol: 'http',
      script: async ({ proxy, sleep }) => {
        await sleep(1500);
        await proxy.setMode('refuse');
      },
    });
    expectHealthy(result);
    expect(result.report.exportErrors.length).toBeGreaterThan(0);
    expect(result.delivered).toBeLessThan(result.report.recorded);
  });
});
