// One fault scenario: sink + fault proxy in this process, the instrumented app in a child
// process exporting through the proxy; the fault script runs while the app records, then the
// app gets SIGTERM and must shut down within its timeout and exit by itself.
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { startApp, startFaultProxy, trackDelivered, METRIC_NAME, type AppConfig, type AppExit, type AppReport, type FaultProxy } from '../src';

export interface ScenarioContext {
  sink: OtlpSink;
  proxy: FaultProxy;
  sleep(ms: number): Promise<void>;
}

export interface ScenarioResult {
  report: AppReport;
  exit: AppExit;
  delivered: number;
  maxHeapMB: number;
  /** Per request that reached the sink: whether it was accepted (false: a behaviour failed it). */
  accepted: boolean[];
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Slack for process start-up and a loaded machine on top of the shutdown timeout. */
const EXIT_SLACK_MILLIS = 10_000;

export async function runScenario(options: {
  protocol: 'http' | 'grpc';
  config?: Partial<AppConfig>;
  /** Runs while the app records; the app is terminated when it resolves. */
  script: (ctx: ScenarioContext) => Promise<void>;
}): Promise<ScenarioResult> {
  const sink = await startOtlpSink({ httpPort: options.protocol === 'http' ? 0 : null, grpcPort: options.protocol === 'grpc' ? 0 : null });
  const targetPort = Number(options.protocol === 'http' ? new URL(sink.httpUrl).port : sink.grpcAddress.split(':').pop());
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: targetPort } });
  const delivered = trackDelivered(sink, METRIC_NAME);
  const config: AppConfig = {
    protocol: options.protocol,
    endpoint: proxy.url,
    exportIntervalMillis: 1000,
    exportTimeoutMillis: 1000,
    exporterTimeoutMillis: 900,
    shutdownTimeoutMillis: 5000,
    recordsPerTick: 500,
    tickMillis: 10,
    series: 50,
    churn: false,
    ...options.config,
  };
  const app = startApp(config);
  try {
    await app.ready;
    await options.script({ sink, proxy, sleep });
    app.terminate();
    const deadline = config.shutdownTimeoutMillis + EXIT_SLACK_MILLIS;
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      app.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the app did not exit by itself within ${deadline} ms of SIGTERM; stderr: ${app.stderr().slice(-2000)}`)),
          deadline,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const report = await app.report;
    const maxHeapMB = Math.max(...report.heapSamples.map(([, bytes]) => bytes)) / 2 ** 20;
    return { report, exit, delivered: delivered.total(), maxHeapMB, accepted: sink.requests.map((r) => r.accepted) };
  } finally {
    app.kill();
    delivered.stop();
    await proxy.close();
    await sink.close();
  }
}

/** What every scenario must show, whatever the fault. */
export function expectHealthy(result: ScenarioResult, shutdownTimeoutMillis = 5000): void {
  const { report, exit } = result;
  // Shut down within its timeout, and exited by itself (never killed) with the code the
  // README's pattern sets for a shutdown that resolved.
  expect(report.outcome).toBe('resolved');
  expect(report.shutdownMillis).toBeLessThan(shutdownTimeoutMillis);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(report.unhandledRejections).toBe(0);
  // Recording at 50k measurements/s stays responsive through the fault (generous bound: a
  // loaded CI machine; a blocked loop shows as hundreds of milliseconds).
  expect(report.lagP99Millis).toBeLessThan(250);
  // Bounded memory: the app's heap stays small (it holds 50 series).
  expect(result.maxHeapMB).toBeLessThan(150);
  expect(report.recorded).toBeGreaterThan(10_000);
}
