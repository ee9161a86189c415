// `pnpm soak`: minutes of recording with churning attributes through a cycle of faults, then a
// SIGTERM shutdown; prints heap slope, delivered/recorded totals and event-loop lag. Not in CI.
// Usage: pnpm soak [-- --minutes 3 --rate 50000 --protocol http|grpc]
import { startOtlpSink } from '@meterkit/otlp-sink';
import { startFaultProxy } from '../fault-proxy';
import { startApp, trackDelivered, METRIC_NAME, type AppConfig } from '../harness';
import { heapSlopeMBPerMinute } from './heap-slope';
import { faultCycle } from './fault-cycle';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const minutes = Number(arg('minutes', '3'));
  const rate = Number(arg('rate', '50000'));
  const protocol = arg('protocol', 'http') === 'grpc' ? 'grpc' : 'http';
  const sink = await startOtlpSink({ httpPort: protocol === 'http' ? 0 : null, grpcPort: protocol === 'grpc' ? 0 : null });
  const port = Number(protocol === 'http' ? new URL(sink.httpUrl).port : sink.grpcAddress.split(':').pop());
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port } });
  const delivered = trackDelivered(sink, METRIC_NAME);
  // The sink keeps every request; the tracker has what the soak needs, so drop the rest.
  const sinkReset = setInterval(() => sink.reset(), 10_000);

  const tickMillis = 10;
  const config: AppConfig = {
    protocol,
    endpoint: proxy.url,
    exportIntervalMillis: 2000,
    exportTimeoutMillis: 2000,
    exporterTimeoutMillis: 1800,
    shutdownTimeoutMillis: 10_000,
    recordsPerTick: Math.max(1, Math.round((rate * tickMillis) / 1000)),
    tickMillis,
    series: 200,
    churn: true,
    statsEveryMillis: 10_000,
    gcBeforeSample: true,
    heapSampleEveryMillis: 5000,
  };
  console.log(`soak: ${minutes} min, ${rate} measurements/s over ${config.series} series plus a new attribute value every ${tickMillis} ms, ${protocol}`);
  const app = startApp(config, ['--expose-gc']);
  app.onMessage((m) => {
    if (m.type === 'stats') {
      console.log(
        `  t=${Math.round(Number(m.elapsedMillis) / 1000)}s recorded=${m.recorded} delivered=${delivered.total()} heap=${(Number(m.heapUsed) / 2 ** 20).toFixed(1)}MB lagP99=${Number(m.lagP99Millis).toFixed(1)}ms exportErrors=${m.exportErrors} mode=${proxy.mode}`,
      );
    }
  });
  await app.ready;
  await faultCycle({ proxy, sink, totalMillis: minutes * 60_000, log: (line) => console.log(line) });

  app.terminate();
  const report = await app.report;
  const exit = await app.exited;
  clearInterval(sinkReset);
  const slope = heapSlopeMBPerMinute(report.heapSamples, 60_000);
  const heapMB = report.heapSamples.map(([, b]) => b / 2 ** 20);
  const summary = {
    minutes,
    ratePerSecond: rate,
    protocol,
    recorded: report.recorded,
    delivered: delivered.total(),
    lost: report.recorded - delivered.total(),
    seriesDelivered: delivered.series(),
    heapSlopeMBPerMinuteAfterFirstMinute: Number(slope.toFixed(3)),
    heapMinMB: Number(Math.min(...heapMB).toFixed(1)),
    heapMaxMB: Number(Math.max(...heapMB).toFixed(1)),
    lagP99Millis: Number(report.lagP99Millis.toFixed(1)),
    lagMaxMillis: Number(report.lagMaxMillis.toFixed(1)),
    exportErrorsReported: report.exportErrors.length >= 50 ? '50+' : report.exportErrors.length,
    unhandledRejections: report.unhandledRejections,
    shutdown: report.outcome,
    shutdownMillis: report.shutdownMillis,
    exitCode: exit.code,
    exitAfterSigtermMillis: exit.afterTerminateMillis,
  };
  console.log(`soak summary: ${JSON.stringify(summary, null, 2)}`);
  delivered.stop();
  await proxy.close();
  await sink.close();
  const ok = summary.lost === 0 && exit.code === 0 && report.unhandledRejections === 0;
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
