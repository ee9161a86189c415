// One worker of the demo's `--workers N` mode (started by cluster-service.ts with
// cluster.fork): the same instrumented service, recording into a MeterProvider whose only
// reader is @meterkit/cluster's WorkerMetricReader. The primary holds the console,
// Prometheus and OTLP readers and merges what every worker reports.
import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@meterkit/sdk-metrics-core';
import { WorkerMetricReader } from '@meterkit/cluster';
import { startDemoService } from './service';
import { demoViews } from './views';

/** The message the primary sends to stop a worker (cluster-service.ts); the worker answers by exiting. */
const STOP_WORKER = 'meterkit-demo.stop';

async function main(): Promise<void> {
  // Views apply where measurements are aggregated: in the workers.
  const provider = new MeterProvider({ views: demoViews(), readers: [new WorkerMetricReader()] });
  metrics.setGlobalMeterProvider(provider);
  const service = await startDemoService({ host: '127.0.0.1', port: Number(process.env.MK_DEMO_PORT) });
  process.on('message', (message: { cmd?: string }) => {
    if (message?.cmd !== STOP_WORKER) return;
    void (async () => {
      await service.close();
      // Shutting down sends the final state to the primary: nothing counted is lost.
      await provider.shutdown();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`demo worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
