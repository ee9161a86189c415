// Child process of visible-failures.test.ts: an app set up as a newcomer would (no diag
// logger unless asked), whose OTLP/HTTP exporter cannot reach its backend. Usage:
//   node -r ./register-workspace-src.js dropped-export-child.ts <port> <exports> [with-logger]
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader } from '@meterkit/sdk-metrics-core';
import { OTLPMetricExporter } from '../../src';

async function main(): Promise<void> {
  const [port, exports, mode] = process.argv.slice(2);
  if (mode === 'with-logger') {
    const log = (message: string) => process.stdout.write(`LOGGER: ${message}\n`);
    diag.setLogger({ error: log, warn: log, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  }
  const exporter = new OTLPMetricExporter({
    url: `http://127.0.0.1:${port}/v1/metrics`,
    timeoutMillis: 5_000,
    retry: { maxAttempts: 1 },
  });
  const provider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600_000 })],
  });
  metrics.setGlobalMeterProvider(provider);
  const counter = metrics.getMeter('child').createCounter('requests');
  for (let i = 0; i < Number(exports); i++) {
    counter.add(1);
    await provider.forceFlush().catch(() => undefined);
  }
  await provider.shutdown().catch(() => undefined);
  process.stdout.write('DONE\n');
}

void main();
