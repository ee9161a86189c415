// The newcomer's service in strict TypeScript, written from the READMEs only: OTLP/gRPC from
// its README, typed plain view objects (views README), bind() typed per instrument kind with
// no cast (core README), the diag logger of the quick start. Compiled by tsc with `strict`
// against the packed packages' type declarations; the check fails on any type error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagConsoleLogger, DiagLogLevel, metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
  bind,
  type BoundCounter,
  type BoundHistogram,
} from '@meterkit/sdk-metrics-core';
import '@meterkit/views';
import { OTLPMetricExporter } from '@meterkit/exporter-otlp-grpc';

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'newcomer-ts' }),
  views: [
    { instrumentName: 'traffic_volume', name: 'request_count' },
    {
      instrumentName: 'http.server.request.duration',
      aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.005, 0.05, 0.5] } },
    },
  ],
  readers: [
    // gRPC endpoint from OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, set by the check.
    new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 10_000 }),
  ],
});
metrics.setGlobalMeterProvider(provider);

const meter = metrics.getMeter('newcomer-service', '1.0.0');
const traffic = meter.createCounter('traffic_volume', { unit: '{request}' });
const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
const hello: BoundCounter = bind(traffic, { 'http.route': '/hello' });
const helloDuration: BoundHistogram = bind(duration, { 'http.route': '/hello' });

const server = http.createServer((req, res) => {
  const start = performance.now();
  if (req.url === '/hello') {
    hello.add(1);
    res.end('hello\n');
    helloDuration.record((performance.now() - start) / 1000);
  } else {
    traffic.add(1, { 'http.route': 'unmatched' });
    res.statusCode = 404;
    res.end();
    duration.record((performance.now() - start) / 1000, { 'http.route': 'unmatched' });
  }
});

async function main(): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  for (let i = 0; i < 5; i++) await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
  await (await fetch(`http://127.0.0.1:${port}/nope`)).text();
  server.close();
  await provider.shutdown();
  console.log('NEWCOMER OK');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
