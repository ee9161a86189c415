// The demo's service and load generator with no SDK code at all: run under
// `node --require @meterkit/auto/register`, the OTEL_* variables decide where the metrics go
// (`pnpm --filter @meterkit/example-demo start:auto`). The service records only through
// @opentelemetry/api, as in the full demo; @meterkit/auto exports once more when the
// process ends (beforeExit), or on Ctrl-C / SIGTERM.
import { metrics } from '@opentelemetry/api';
import { runLoad } from './load-generator';
import { startDemoService } from './service';

async function main(): Promise<void> {
  const durationMs = Number(process.env.DEMO_DURATION_MS ?? '10000');
  const service = await startDemoService();
  const provider = metrics.getMeterProvider().constructor.name;
  process.stdout.write(`meterkit demo, zero-code mode: service ${service.url}, global MeterProvider: ${provider}\n`);
  const result = await runLoad({ baseUrl: service.url, durationMs, concurrency: 8 });
  const byStatus = [...result.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
  process.stdout.write(`load done after ${(result.elapsedMs / 1000).toFixed(1)} s: ${byStatus.join(', ')}\n`);
  await service.close();
  // With a Prometheus reader its server keeps the process up (to be scraped) until Ctrl-C.
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
